import Foundation

/// A query resolved against the state: the candidate source, the slot range, and the checks
/// left for each candidate. Unknown names (an estate, a name, a home nobody has) make it empty.
struct ListPlan {
    var source = CandidateSource.scan
    var matcher = ListMatcher()
    /// Slots `low ..< high` are candidates (received dates become a slot range when receipts ascend).
    var low = 0
    var high = 0
    /// Nothing can match.
    var isEmpty = false

    init(_ query: ComplaintQuery, scope: AccessScope, state: ComplaintState) {
        let book = state.book
        let indexes = state.indexes
        let search = indexes.search
        high = book.count
        var m = ListMatcher()
        m.now = query.now
        m.overdue = query.overdue

        // Bitsets: any of the values of each enum filter; the clocks' candidates.
        func group<V>(_ values: [V], _ sets: (V) -> SlotBitSet) { if !values.isEmpty { m.groups.append(values.map(sets)) } }
        group(query.statuses) { indexes.status.slots($0) }
        group(query.severities) { indexes.severity.slots($0) }
        group(query.categories) { indexes.category.slots($0) }
        group(query.departments) { indexes.department.slots($0) }
        group(query.channels) { indexes.channel.slots($0) }
        if let now = query.now {
            if query.overdue == true { m.groups.append([state.clockCandidates(dueBy: now)]) }
            if let within = query.dueWithin {
                let by = now.addingTimeInterval(within)
                m.dueBy = by
                m.groups.append([state.clockCandidates(dueBy: by)])
            }
        }

        // Received dates: a slot range when receipts ascend, else a check per candidate.
        let from = query.receivedFrom.map(Milliseconds.of)
        let to = query.receivedTo.map(Milliseconds.of)
        if book.receiptsAscend {
            if let from { low = book.firstSlot(receivedAtOrAfter: from) }
            if let to { high = book.firstSlot(receivedAtOrAfter: to) }
        } else {
            m.from = from
            m.to = to
        }

        // Place: estate, building, unit.
        var lists: [[Int32]]?
        if let estate = query.estate {
            guard scope.covers(estate: estate), let id = book.strings.estates.id(of: estate) else {
                isEmpty = true
                matcher = m
                return
            }
            m.estate = id
            lists = Int(id) < indexes.slotsByEstate.count ? [indexes.slotsByEstate[Int(id)]] : [[]]
        }
        if let building = query.building {
            guard let id = search.buildingPart(UnitKey.building(building)) else {
                isEmpty = true
                matcher = m
                return
            }
            m.building = id
        }
        if let unit = query.unit {
            let home = UnitKey.parseHome(unit).map { (Optional($0.building), $0.unit) } ?? UnitKey.parseUnit(unit).map { (nil, $0) }
            guard let home, let resolved = Self.resolve(home, search) else {
                isEmpty = true
                matcher = m
                return
            }
            m.homes.append(resolved)
        }
        if let handler = query.handler {
            switch handler {
            case .unassigned:
                m.handler = CompactComplaint.none32
            case .user(let id):
                guard let userID = book.strings.users.id(of: id) else {
                    isEmpty = true
                    matcher = m
                    return
                }
                m.handler = userID
                if lists == nil { lists = [indexes.slotsByWorker[id] ?? []] }
            }
        }

        // Search: the first indexed term drives; every term is checked.
        var chain: CandidateSource?
        for term in query.search {
            switch term {
            case .id(let id):
                chain = .single(book.slot(of: id))
            case .trackingCode(let code):
                chain = .single(book.slot(trackingCode: code))
            case .phone(let hashes, let tail):
                m.phoneHashes = hashes
                if chain == nil { chain = .chains([search.newestByPhoneTail[Int(tail)]], .phone) }
            case .phoneTail(let tail):
                m.phoneTail = tail
                if chain == nil { chain = .chains([search.newestByPhoneTail[Int(tail)]], .phone) }
            case .home(let building, let unit):
                guard let resolved = Self.resolve((building, unit), search) else {
                    isEmpty = true
                    matcher = m
                    return
                }
                m.homes.append(resolved)
                if chain == nil { chain = .chains(search.homeHeads(building: building, unit: unit), .home) }
            case .name(let folded):
                let ids = search.nameIDs(folded: folded, strings: book.strings)
                guard !ids.isEmpty else {
                    isEmpty = true
                    matcher = m
                    return
                }
                m.names = (m.names ?? ids).filter { ids.contains($0) }
                if chain == nil { chain = .chains(ids.map { Int($0) < search.newestByName.count ? search.newestByName[Int($0)] : -1 }, .name) }
            case .text(let folded):
                m.text = folded
            }
        }

        // Scope: the estates' lists (or a check), and for department staff the department rule.
        if let estates = scope.estates {
            let ids = estates.sorted().compactMap { book.strings.estates.id(of: $0) }
            if lists == nil && chain == nil {
                lists = ids.map { Int($0) < indexes.slotsByEstate.count ? indexes.slotsByEstate[Int($0)] : [] }
            } else if m.estate == nil {
                m.scopeEstates = Set(ids)
            }
        }
        if scope.isDepartmentScoped {
            m.groups.append([state.departmentCandidates(scope)])
            m.departmentScope = scope
        }
        source = chain ?? lists.map(CandidateSource.lists) ?? .scan
        // The estate's own list holds only that estate's complaints: checking each again would
        // keep a count of bitset filters from being a tight loop (`CandidateWalker.countRemaining`).
        if chain == nil, m.estate != nil { m.estate = nil }
        matcher = m
    }

    /// The folded ids of a home, nil when no complaint has that building or unit.
    private static func resolve(_ home: (building: String?, unit: String), _ search: SearchIndexes) -> (building: UInt32?, unit: UInt32)? {
        guard let unit = search.unitPart(home.unit) else { return nil }
        guard let building = home.building else { return (nil, unit) }
        guard let id = search.buildingPart(building) else { return nil }
        return (id, unit)
    }
}

extension ComplaintState {
    /// Complaints that may have an unmet clock due by `by`: fired and still unmet, or armed and
    /// due by then. Built from the escalation bitset and the heap, so the clock filters never scan
    /// every complaint; the matcher checks each candidate exactly.
    func clockCandidates(dueBy by: Date) -> SlotBitSet {
        var slots = indexes.escalatedOpen
        for entry in book.heap.entries(dueBy: by.timeIntervalSinceReferenceDate) where entry.kind != DeadlineHeap.autoUpgradeKind {
            slots.insert(Int(entry.slot))
        }
        return slots
    }

    /// Candidate slots of a department-scoped caller: the department's complaints and their own
    /// past work (a superset; `isVisible` decides each).
    func departmentCandidates(_ scope: AccessScope) -> SlotBitSet {
        var slots = scope.department.map { indexes.department.slots($0) } ?? SlotBitSet()
        for slot in indexes.slotsByWorker[scope.actorID] ?? [] { slots.insert(Int(slot)) }
        return slots
    }
}

extension ComplaintBook {
    /// The first slot received at or after `milliseconds` (receipts must ascend with the slot).
    func firstSlot(receivedAtOrAfter milliseconds: Int64) -> Int {
        Self.firstSlot(in: records, receivedAtOrAfter: milliseconds)
    }

    /// `firstSlot(receivedAtOrAfter:)` in `records` (the book's, passed alone where the book is
    /// being changed).
    static func firstSlot(in records: borrowing ChunkedArray<CompactComplaint>, receivedAtOrAfter milliseconds: Int64) -> Int {
        var low = 0
        var high = records.count
        while low < high {
            let middle = (low + high) / 2
            if records[middle].receivedAt < milliseconds { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
