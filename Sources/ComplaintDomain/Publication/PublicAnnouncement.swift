import Foundation

/// When a complaint's announcement becomes public (`announcements.publishWhen`).
///
/// Source 000 §6 announces the result and the return visit, so the default is `closed`. An
/// announcement is public while the complaint stands at its stage or a later one: a complaint
/// sent back for reprocessing (二次处理) leaves the announcement until it gets there again. A
/// complaint explained as invalid or out of scope is announced only under `received`.
public enum AnnouncementStage: String, Sendable, CaseIterable, Codable {
    case received, resolved, replied, visited, closed

    /// Whether a complaint in `status` is announced.
    public func publishes(_ status: ComplaintStatus) -> Bool {
        switch self {
        case .received: return true
        case .resolved: return [.resolved, .approved, .replied, .visited, .closed].contains(status)
        case .replied: return [.replied, .visited, .closed].contains(status)
        case .visited: return [.visited, .closed].contains(status)
        case .closed: return status == .closed
        }
    }
}

/// One complaint as announced publicly (投诉公示, source 000 §6): no owner's name, phone or unit,
/// and no other personal data in any free text (`RedactionRules`).
public struct PublicAnnouncement: Sendable, Hashable {
    /// The public id.
    public var complaintID: String
    /// Time accepted.
    public var acceptedAt: Date
    /// Regional scope: estate and building.
    public var estate: String
    public var building: String
    /// The matter, redacted.
    public var matter: String
    /// The category of the matter.
    public var category: Department?
    /// Handling method (measures taken), redacted.
    public var handlingMethod: String?
    /// Result, redacted.
    public var result: String?
    /// Return visit: when, and whether the owner was solved and satisfied.
    public var returnVisitAt: Date?
    public var returnVisitSatisfied: Bool?
    /// Precautions (preventive action from the closing summary), redacted.
    public var precautions: String?
    /// The time limit that applied to settling it (resolve, or major settle).
    public var timeLimit: Date?
    /// Receptionist (first responsible person), follow-up person (handler), person in charge
    /// (the manager who approved the result; the department is given apart).
    public var receptionist: String
    public var followUpPerson: String?
    public var personInCharge: String?
    public var department: Department?
    /// Where it stands.
    public var status: ComplaintStatus
    /// When the owner confirmed (signed) the result, if they did: only the fact and the time —
    /// never the signature, the typed name or the owner's comment.
    public var ownerConfirmedAt: Date?

    /// Builds the announcement of `complaint`, redacting every free-text field.
    public init(_ complaint: Complaint) {
        let notice = PublicNotice(complaint)
        let owner = PublicRedaction.Owner(complaint.complainant)
        func clean(_ text: String?) -> String? { text.map { PublicRedaction.redact($0, owner: owner) } }
        complaintID = complaint.id
        acceptedAt = complaint.receivedAt
        estate = PublicRedaction.redact(complaint.complainant.estate, owner: owner)
        building = PublicRedaction.redact(complaint.complainant.building, owner: owner)
        matter = PublicRedaction.redact(notice.matter, owner: owner)
        category = notice.category
        handlingMethod = clean(notice.handling)
        result = clean(notice.result)
        let visit = complaint.visits.last { $0.outcome == .reachable && !$0.isFollowUp }
        returnVisitAt = visit?.at
        returnVisitSatisfied = notice.returnVisitSatisfied
        precautions = clean(notice.precautions)
        timeLimit = notice.timeLimit
        receptionist = notice.receptionist
        followUpPerson = notice.followUpPerson
        personInCharge = complaint.approval?.by
        department = notice.department
        status = complaint.status
        ownerConfirmedAt = complaint.currentConfirmation?.at
    }
}

extension ComplaintState {
    /// The slots of complaints received in `from ..< to` whose announcement `stage` makes public,
    /// oldest first, at most `limit`, after slot `after` when given; `more` tells whether the
    /// period holds more. Walks only the slots of the period (by binary search when receipts
    /// ascend); the caller reads each complaint (cold ones from the log) and builds its
    /// redacted announcement outside any lock.
    public func announcedSlots(
        from: Date, to: Date, estate: String?, stage: AnnouncementStage, after: Int? = nil,
        limit: Int
    ) -> (slots: [Int], more: Bool) {
        let fromMs = Milliseconds.of(from)
        let toMs = Milliseconds.of(to)
        let ascending = book.receiptsAscend
        var slots: [Int] = []
        /// False once the page is full and another match exists.
        func take(_ slot: Int) -> Bool {
            let record = book.records[slot]
            guard record.receivedAt >= fromMs && record.receivedAt < toMs, stage.publishes(record.complaintStatus) else { return true }
            if let after, slot <= after { return true }
            if slots.count >= limit { return false }
            slots.append(slot)
            return true
        }
        func start(_ count: Int, _ key: (Int) -> Int64) -> Int {
            guard ascending else { return 0 }
            var low = 0
            var high = count
            while low < high {
                let middle = (low + high) / 2
                if key(middle) < fromMs { low = middle + 1 } else { high = middle }
            }
            return low
        }
        if let estate {
            guard let id = book.strings.estates.id(of: estate), Int(id) < indexes.slotsByEstate.count else { return ([], false) }
            let list = indexes.slotsByEstate[Int(id)]
            for index in start(list.count, { book.records[Int(list[$0])].receivedAt })..<list.count {
                let slot = Int(list[index])
                if ascending && book.records[slot].receivedAt >= toMs { break }
                if !take(slot) { return (slots, true) }
            }
            return (slots, false)
        }
        for slot in start(book.count, { book.records[$0].receivedAt })..<book.count {
            if ascending && book.records[slot].receivedAt >= toMs { break }
            if !take(slot) { return (slots, true) }
        }
        return (slots, false)
    }
}
