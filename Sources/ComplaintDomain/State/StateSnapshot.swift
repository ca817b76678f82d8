import Foundation

/// What a snapshot of the state keeps: the parts that cannot be derived. The lookups (string
/// ids, tracking codes, list indexes, the deadline heap, recent units) are rebuilt on load.
///
/// Taking one is cheap (copy-on-write copies, chunk by chunk for the big arrays), so the
/// service takes it under its lock and writes it out afterwards while the state moves on.
public struct StateSnapshot: Sendable {
    /// Every compact record, by slot.
    public var records: ChunkedArray<CompactComplaint>
    /// The hot complaints, whole.
    public var hot: HotComplaints
    /// The string tables, id → string.
    public var estates: ChunkedArray<String>
    /// Buildings (estate and building together).
    public var buildings: ChunkedArray<String>
    /// Units.
    public var units: ChunkedArray<String>
    /// Owners' names.
    public var names: ChunkedArray<String>
    /// Staff user ids.
    public var users: ChunkedArray<String>
    /// Slots by staff-confirmed incident.
    public var incidents: [String: [Int32]]
    /// Slots each actor worked on.
    public var workers: [String: [Int32]]
    /// The ledger's activities (see `ReportLedger`).
    public var activities: ChunkedArray<UInt64>
    /// Open balance per estate (index 0: all) as (day, open) pairs.
    public var openBalance: [[(day: Int32, open: Int32)]]
    /// Deployment-wide totals for `/metrics`.
    public var totals: ReportTotals
    /// The highest sequence registered.
    public var lastSequence: Int

    /// Creates a snapshot from its parts (when loading one).
    public init(
        records: ChunkedArray<CompactComplaint>, hot: HotComplaints, estates: ChunkedArray<String>,
        buildings: ChunkedArray<String>, units: ChunkedArray<String>, names: ChunkedArray<String>,
        users: ChunkedArray<String>, incidents: [String: [Int32]], workers: [String: [Int32]],
        activities: ChunkedArray<UInt64>, openBalance: [[(day: Int32, open: Int32)]], totals: ReportTotals,
        lastSequence: Int
    ) {
        self.records = records
        self.hot = hot
        self.estates = estates
        self.buildings = buildings
        self.units = units
        self.names = names
        self.users = users
        self.incidents = incidents
        self.workers = workers
        self.activities = activities
        self.openBalance = openBalance
        self.totals = totals
        self.lastSequence = lastSequence
    }
}

extension ComplaintState {
    /// The parts a snapshot keeps (copy-on-write copies: O(number of chunks)).
    public var snapshot: StateSnapshot {
        StateSnapshot(
            records: book.records, hot: book.hot, estates: book.strings.estates.snapshot,
            buildings: book.strings.buildings.snapshot, units: book.strings.units.snapshot,
            names: book.strings.names.snapshot, users: book.strings.users.snapshot,
            incidents: book.slotsByIncident, workers: indexes.workers, activities: ledger.activities,
            openBalance: ledger.openBalance.map { $0.map { (day: $0.day, open: $0.open) } },
            totals: ledger.totals, lastSequence: book.lastSequence)
    }

    /// Rebuilds the state a snapshot describes; replaying the events after it gives the live state.
    public init(policy: WorkflowPolicy, restoring snapshot: StateSnapshot) {
        self.init(policy: policy)
        book.restoreTables(snapshot)
        indexes.restoreWorkers(snapshot.workers)
        // The book's lookups, the list indexes, the search chains and the string tables' lookup
        // sides depend only on the records and the strings by id, not on each other: at millions
        // of complaints they are the longest part of a restart, so they are rebuilt side by side.
        var lookups = book
        var built = indexes
        var search = SearchIndexes()
        var tables = book.strings
        let records = book.records
        let strings = book.strings
        withUnsafeMutablePointer(to: &lookups) { lookups in
            withUnsafeMutablePointer(to: &built) { built in
                withUnsafeMutablePointer(to: &search) { search in
                    withUnsafeMutablePointer(to: &tables) { tables in
                        // nonisolated(unsafe) is safe: each pointer is used by one iteration only, and
                        // concurrentPerform returns after all finished; records and strings are only read.
                        nonisolated(unsafe) let lookups = lookups
                        nonisolated(unsafe) let built = built
                        nonisolated(unsafe) let search = search
                        nonisolated(unsafe) let tables = tables
                        DispatchQueue.concurrentPerform(iterations: 4) { part in
                            switch part {
                            case 0: search.pointee.insertAll(records, strings: strings)
                            case 1: lookups.pointee.rebuildLookups()
                            case 2: tables.pointee.rebuildLookups()
                            default: built.pointee.restoreLists(records)
                            }
                        }
                    }
                }
            }
        }
        book = lookups
        book.strings = tables
        built.search = search
        indexes = built
        ledger.activities = snapshot.activities
        ledger.activitiesAscend = Self.ascendByDay(snapshot.activities)
        ledger.openBalance = snapshot.openBalance.map { $0.map { ReportLedger.DayBalance(day: $0.day, open: $0.open) } }
        if ledger.openBalance.isEmpty { ledger.openBalance = [[]] }
        ledger.totals = snapshot.totals
    }

    /// Builds the list indexes and search chains from the records, after a full replay that
    /// deferred them (`replay(_:departed:deferringLists:)`): the same bulk build as a snapshot
    /// load, which gives exactly what following every change would have (`RestoredIndexesTests`).
    /// The two run side by side. What was in them before is replaced; the worker lists are kept.
    /// First the book finishes the replay (the records of the complaints still hot, the clocks)
    /// and the report totals are counted from the records (they are the sum of every record's
    /// facts, whatever the order of the events).
    public mutating func buildListsAfterReplay() {
        book.finishReplay()
        ledger.countTotals(book.records)
        var built = indexes
        var search = SearchIndexes()
        let records = book.records
        let strings = book.strings
        withUnsafeMutablePointer(to: &built) { built in
            withUnsafeMutablePointer(to: &search) { search in
                // nonisolated(unsafe) is safe: each pointer is used by one iteration only, and
                // concurrentPerform returns after both finished; records and strings are only read.
                nonisolated(unsafe) let built = built
                nonisolated(unsafe) let search = search
                DispatchQueue.concurrentPerform(iterations: 2) { part in
                    if part == 0 { search.pointee.insertAll(records, strings: strings) } else { built.pointee.restoreLists(records) }
                }
            }
        }
        built.search = search
        indexes = built
    }

    private static func ascendByDay(_ activities: ChunkedArray<UInt64>) -> Bool {
        var previous = Int32.min
        for index in 0..<activities.count {
            let day = ReportLedger.day(of: activities[index])
            if day < previous { return false }
            previous = day
        }
        return true
    }
}

extension ComplaintBook {
    /// Takes the book's parts from a snapshot; `rebuildLookups` and the string tables'
    /// `rebuildLookup` then derive the rest.
    mutating func restoreTables(_ snapshot: StateSnapshot) {
        records = snapshot.records
        strings.estates = StringTable(adoptingWithoutLookup: snapshot.estates)
        strings.buildings = StringTable(adoptingWithoutLookup: snapshot.buildings)
        strings.units = StringTable(adoptingWithoutLookup: snapshot.units)
        strings.names = StringTable(adoptingWithoutLookup: snapshot.names)
        strings.users = StringTable(adoptingWithoutLookup: snapshot.users)
        slotsByIncident = snapshot.incidents
        lastSequence = snapshot.lastSequence
        hot = snapshot.hot
    }

    /// Rebuilds the lookups from the records and hot complaints `restoreTables` took.
    mutating func rebuildLookups() {
        tracking = TrackingIndex()
        reserveCapacity(records.count)
        let window = Milliseconds.of(Date(timeIntervalSince1970: Swift.max(policy.duplicateWindow, policy.repeatWindow)))
        var newest = Int64.min
        for slot in 0..<records.count {
            let record = records[slot]
            tracking.insert(record.trackingCode, slot: Int32(slot)) { records[Int($0)].trackingCode }
            if slot > 0 && record.receivedAt < records[slot - 1].receivedAt { receiptsAscend = false }
            newest = Swift.max(newest, record.receivedAt)
        }
        // Only the recent window is indexed by unit.
        var slot = records.count - 1
        while slot >= 0 && newest &- records[slot].receivedAt <= window { slot -= 1 }
        for recent in (slot + 1)..<records.count {
            let record = records[recent]
            recentByUnit.insert(Int32(recent), at: RecentUnitIndex.key(building: record.building, unit: record.unit)) { old in
                newest &- records[Int(old)].receivedAt > window
            }
        }
        for (key, complaint) in hot { rearm(Int(key), complaint) }
        cleanHeap()
    }
}
