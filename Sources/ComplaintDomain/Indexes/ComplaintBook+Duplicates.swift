import Foundation

// Duplicate hints and repeats look at the complaints of one unit in the last weeks, through
// `RecentUnitIndex`: the cost is the matches, not the building's history.

/// What a registration answer lists of a possible duplicate: enough for the desk to tell whether
/// it is the same problem, read out of the complaint where it lies (a whole copy retained every
/// field of every match, at each registration).
public struct DuplicateHint: Sendable, Equatable {
    public var id: String
    public var status: ComplaintStatus
    public var receivedAt: Date
    public var category: Department?
    public var content: String

    init(_ complaint: borrowing Complaint) {
        id = complaint.id
        status = complaint.status
        receivedAt = complaint.receivedAt
        category = complaint.category
        content = complaint.content
    }
}

extension ComplaintBook {
    /// Open complaints at the same unit and category received within `duplicateWindow` of `now`
    /// that `scope` may read, newest first, at most `limit`.
    public func possibleDuplicates(
        of input: RegistrationInput, now: Date, visibleTo scope: AccessScope = .unrestricted, limit: Int = .max
    ) -> [DuplicateHint] {
        guard let person = input.complainant, let estate = person.estate?.trimmingWhitespace,
            let building = person.building?.trimmingWhitespace, let unit = person.unit?.trimmingWhitespace
        else { return [] }
        var hints: [DuplicateHint] = []
        let since = now.addingTimeInterval(-policy.duplicateWindow)
        for slot in slotsAtUnit(estate: estate, building: building, unit: unit, category: input.category, since: since) {
            guard hints.count < limit else { break }
            let hint = hot.withComplaint(slot) { complaint in
                complaint.status.isOpen && complaint.isVisible(to: scope) ? DuplicateHint(complaint) : nil
            }
            // Nil twice over: not held whole (closed), or held but closed or out of scope.
            if let hint = hint ?? nil { hints.append(hint) }
        }
        return hints
    }

    /// The id of the newest complaint at the unit and category since `since`, open or not: a
    /// repeat when found at registration.
    func latestAtUnit(_ person: Complainant, category: Department?, since: Date) -> String? {
        slotsAtUnit(estate: person.estate, building: person.building, unit: person.unit, category: category, since: since)
            .first.map { id(ofSlot: Int($0)) }
    }

    /// Slots at a unit and category received since `since`, newest first.
    private func slotsAtUnit(estate: String, building: String, unit: String, category: Department?, since: Date) -> [Int32] {
        guard let buildingID = strings.buildings.id(of: BookStrings.buildingKey(estate: estate, building: building)),
            let unitID = strings.units.id(of: unit)
        else { return [] }
        let from = Milliseconds.of(since)
        let wanted = category.map { UInt8($0.ordinal) } ?? CompactComplaint.none8
        return recentByUnit.slots(at: RecentUnitIndex.key(building: buildingID, unit: unitID)).reversed().filter { slot in
            let record = records[Int(slot)]
            return record.receivedAt >= from && record.category == wanted
        }
    }
}
