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
    }
}

extension ComplaintBook {
    /// Complaints received in `from ..< to` whose announcement `stage` makes public, oldest
    /// first, at most `limit`; `more` tells whether the period holds more. Walks only the slots
    /// of the period; the caller builds the (redacted) announcements outside any lock.
    public func announced(from: Date, to: Date, estate: String?, stage: AnnouncementStage, limit: Int) -> (items: [Complaint], more: Bool) {
        var items: [Complaint] = []
        func take(_ slot: Int) -> Bool {
            guard stage.publishes(complaints[slot].status) else { return true }
            if items.count >= limit { return false }
            items.append(complaints[slot])
            return true
        }
        if let estate {
            guard let slots = slotsByEstate[estate] else { return ([], false) }
            var low = 0, high = slots.count
            while low < high {
                let middle = (low + high) / 2
                if complaints[Int(slots[middle])].receivedAt < from { low = middle + 1 } else { high = middle }
            }
            for index in low..<slots.count {
                let slot = Int(slots[index])
                guard complaints[slot].receivedAt < to else { break }
                if !take(slot) { return (items, true) }
            }
            return (items, false)
        }
        var low = 0, high = complaints.count
        while low < high {
            let middle = (low + high) / 2
            if complaints[middle].receivedAt < from { low = middle + 1 } else { high = middle }
        }
        for slot in low..<complaints.count {
            guard complaints[slot].receivedAt < to else { break }
            if !take(slot) { return (items, true) }
        }
        return (items, false)
    }

    /// The announcements of `announced(…)`, built here (tests and tools; the service builds them
    /// outside its lock).
    public func announcements(from: Date, to: Date, estate: String?, stage: AnnouncementStage = .received, limit: Int) -> (items: [PublicAnnouncement], more: Bool) {
        let (items, more) = announced(from: from, to: to, estate: estate, stage: stage, limit: limit)
        return (items.map(PublicAnnouncement.init), more)
    }
}
