import Foundation

// Duplicate hints and repeats look at the complaints of one unit in the last weeks, through
// `RecentUnitIndex`: the cost is the matches, not the building's history.

extension ComplaintBook {
    /// Open complaints at the same unit and category received within `duplicateWindow` of `now`,
    /// newest first.
    public func possibleDuplicates(of input: RegistrationInput, now: Date) -> [Complaint] {
        guard let person = input.complainant, let estate = person.estate?.trimmingWhitespace,
            let building = person.building?.trimmingWhitespace, let unit = person.unit?.trimmingWhitespace
        else { return [] }
        return openAtUnit(
            estate: estate, building: building, unit: unit, category: input.category,
            since: now.addingTimeInterval(-policy.duplicateWindow))
    }

    /// Other open complaints that may duplicate `complaint` (same unit and category, within the window).
    public func possibleDuplicates(of complaint: Complaint, now: Date) -> [Complaint] {
        let person = complaint.complainant
        return openAtUnit(
            estate: person.estate, building: person.building, unit: person.unit, category: complaint.category,
            since: now.addingTimeInterval(-policy.duplicateWindow)
        )
        .filter { $0.id != complaint.id }
    }

    /// The id of the newest complaint at the unit and category since `since`, open or not: a
    /// repeat when found at registration.
    func latestAtUnit(_ person: Complainant, category: Department?, since: Date) -> String? {
        slotsAtUnit(estate: person.estate, building: person.building, unit: person.unit, category: category, since: since)
            .first.map { id(ofSlot: Int($0)) }
    }

    /// Open (hence hot) complaints at a unit and category since `since`, newest first.
    private func openAtUnit(estate: String, building: String, unit: String, category: Department?, since: Date) -> [Complaint] {
        slotsAtUnit(estate: estate, building: building, unit: unit, category: category, since: since).compactMap { slot in
            guard let complaint = hot[slot], complaint.status.isOpen else { return nil }
            return complaint
        }
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
