import Foundation

extension ReportLedger {
    /// The ledger's contents in a Codable shape, for snapshots: restoring it is exact, including
    /// the figures counted on the day something happened (closings, escalations, reminders…),
    /// which the complaints alone cannot give back.
    public struct Stored: Codable, Sendable {
        var slots: [Int32]              // day, estate, building per slot
        var estateNames: [String]
        var buildingEstates: [Int32]
        var buildingNames: [String]
        var buckets: [[Int32: ReportBucket]]
        var totals: ReportTotals
    }

    /// What a snapshot keeps of the ledger.
    public var stored: Stored {
        Stored(slots: slots.flatMap { [$0.day, $0.estate, $0.building] }, estateNames: estateNames,
               buildingEstates: buildingNames.map(\.estate), buildingNames: buildingNames.map(\.building),
               buckets: buckets, totals: totals)
    }

    /// Rebuilds a ledger from a snapshot.
    public init(timeZone: TimeZone, stored: Stored) {
        self.init(timeZone: timeZone)
        slots = stride(from: 0, to: stored.slots.count - 2, by: 3).map {
            SlotInfo(day: stored.slots[$0], estate: stored.slots[$0 + 1], building: stored.slots[$0 + 2])
        }
        estateNames = stored.estateNames
        estateIDs = Dictionary(uniqueKeysWithValues: stored.estateNames.enumerated().map { ($1, Int32($0)) })
        buildingNames = zip(stored.buildingEstates, stored.buildingNames).map { (estate: $0, building: $1) }
        for (index, entry) in buildingNames.enumerated() {
            buildingIDs[ComplaintBook.buildingKey(estate: estateNames[Int(entry.estate)], building: entry.building)] = Int32(index)
        }
        buckets = stored.buckets
        restoreTotals(stored.totals)
    }
}

extension ComplaintBook {
    /// The report ledger as a snapshot keeps it.
    public var storedLedger: ReportLedger.Stored { ledger.stored }

    /// Rebuilds a book from a snapshot's complaints and its stored report ledger.
    public init(policy: WorkflowPolicy, restoring snapshot: [Complaint], ledger stored: ReportLedger.Stored) {
        self.init(policy: policy, restoring: snapshot)
        ledger = ReportLedger(timeZone: calendar.timeZone, stored: stored)
    }
}
