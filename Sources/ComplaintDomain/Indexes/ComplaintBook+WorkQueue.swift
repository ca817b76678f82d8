import Foundation

// What the staff console's work queue and registration form read: the complaints still in
// hand (all in memory: a complaint leaves memory only once closed) and the open complaints at
// a unit, whatever their category, for duplicate hints while a receptionist types.

extension ComplaintBook {
    /// Complaints not closed, within `scope`, in no particular order.
    public func complaintsInHand(within scope: AccessScope) -> [Complaint] {
        hot.compactMap { $0.complaint.status != .closed && $0.complaint.isVisible(to: scope) ? $0.complaint : nil }
    }

    /// Open complaints at a unit received within `duplicateWindow` of `now`, any category, within
    /// `scope`, newest first (at most `limit`).
    public func openComplaints(
        estate: String, building: String, unit: String, now: Date,
        within scope: AccessScope, limit: Int = 10
    ) -> [Complaint] {
        guard let buildingID = strings.buildings.id(of: BookStrings.buildingKey(estate: estate, building: building)),
            let unitID = strings.units.id(of: unit)
        else { return [] }
        let from = Milliseconds.of(now.addingTimeInterval(-policy.duplicateWindow))
        var found: [Complaint] = []
        for slot in recentByUnit.slots(at: RecentUnitIndex.key(building: buildingID, unit: unitID)).reversed() {
            guard records[Int(slot)].receivedAt >= from, let complaint = hot[slot], complaint.status.isOpen,
                complaint.isVisible(to: scope)
            else { continue }
            found.append(complaint)
            if found.count >= limit { break }
        }
        return found
    }
}
