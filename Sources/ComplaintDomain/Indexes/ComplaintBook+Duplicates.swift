import Foundation

extension ComplaintBook {
    /// Open complaints at the same unit and category received within `duplicateWindow` of `now`.
    public func possibleDuplicates(of input: RegistrationInput, now: Date) -> [Complaint] {
        guard let person = input.complainant, let estate = person.estate?.trimmingWhitespace,
              let building = person.building?.trimmingWhitespace, let unit = person.unit?.trimmingWhitespace else { return [] }
        let complainant = Complainant(name: "", phone: "", estate: estate, building: building, unit: unit)
        return complaints(at: complainant, category: input.category, since: now.addingTimeInterval(-policy.duplicateWindow), openOnly: true)
    }

    /// Other open complaints that may duplicate `complaint` (same unit and category, within the window).
    public func possibleDuplicates(of complaint: Complaint, now: Date) -> [Complaint] {
        complaints(at: complaint.complainant, category: complaint.category,
                   since: now.addingTimeInterval(-policy.duplicateWindow), openOnly: true)
            .filter { $0.id != complaint.id }
    }

    /// The newest complaint at the unit and category since `since`: a repeat when found at registration.
    func latestAtUnit(_ person: Complainant, category: Department?, since: Date, openOnly: Bool) -> Complaint? {
        complaints(at: person, category: category, since: since, openOnly: openOnly, limit: 1).first
    }

    /// Complaints at the unit and category since `since`, newest first.
    private func complaints(
        at person: Complainant, category: Department?, since: Date, openOnly: Bool, limit: Int = 50
    ) -> [Complaint] {
        let key = Self.buildingKey(estate: person.estate, building: person.building)
        var result: [Complaint] = []
        for slot in (slotsByBuilding[key] ?? []).reversed().lazy.map(Int.init) {
            // Fields are read in place; only matches are copied out.
            let receivedAt = complaints[slot].receivedAt
            if receivedAt < since {
                // Slots ascend with receipt time, give or take clock skew: a day older ends the search.
                if receivedAt < since.addingTimeInterval(-86_400) { break }
                continue
            }
            guard complaints[slot].complainant.unit == person.unit, complaints[slot].category == category else { continue }
            if openOnly && !complaints[slot].status.isOpen { continue }
            result.append(complaints[slot])
            if result.count == limit { break }
        }
        return result
    }
}
