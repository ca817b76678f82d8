import Foundation

/// Filters and paging for listing complaints, newest first by sequence.
public struct ComplaintQuery: Sendable, Hashable {
    /// Only this status.
    public var status: ComplaintStatus?
    /// Only this severity.
    public var severity: Severity?
    /// Only this category.
    public var category: Department?
    /// Only this handling department.
    public var department: Department?
    /// Only this estate.
    public var estate: String?
    /// Only this building (indexed when `estate` is given too).
    public var building: String?
    /// Only this channel.
    public var channel: Channel?
    /// Only complaints with (true) or without (false) an unmet clock past due at `now`.
    public var overdue: Bool?
    /// The time `overdue` is judged at.
    public var now: Date?
    /// Received at or after.
    public var receivedFrom: Date?
    /// Received before.
    public var receivedTo: Date?
    /// A substring of the content.
    public var text: String?
    /// Page size, 1...200.
    public var limit: Int = 50
    /// The `nextCursor` of the previous page.
    public var cursor: String?

    /// Creates a query.
    public init(
        status: ComplaintStatus? = nil, severity: Severity? = nil, category: Department? = nil,
        department: Department? = nil, estate: String? = nil, building: String? = nil, channel: Channel? = nil,
        overdue: Bool? = nil, now: Date? = nil, receivedFrom: Date? = nil, receivedTo: Date? = nil,
        text: String? = nil, limit: Int = 50, cursor: String? = nil
    ) {
        self.status = status
        self.severity = severity
        self.category = category
        self.department = department
        self.estate = estate
        self.building = building
        self.channel = channel
        self.overdue = overdue
        self.now = now
        self.receivedFrom = receivedFrom
        self.receivedTo = receivedTo
        self.text = text
        self.limit = limit
        self.cursor = cursor
    }
}

/// One page of a listing.
public struct ComplaintPage: Sendable {
    /// The complaints, newest first.
    public var items: [Complaint]
    /// The cursor of the next page; nil on the last page.
    public var nextCursor: String?
}

/// An opaque, stable cursor: the sequence of the last item returned, so new registrations
/// never shift later pages.
enum ListCursor {
    static func make(afterSequence sequence: Int) -> String { "s" + String(sequence, radix: 36) }

    static func sequence(of cursor: String) -> Int? {
        guard cursor.first == "s" else { return nil }
        return Int(cursor.dropFirst(), radix: 36)
    }
}

extension ComplaintBook {
    /// Lists complaints matching `query` within `scope`, newest first, one page at a time.
    ///
    /// Bitset indexes narrow by status, severity, category, department and channel a word of 64
    /// slots at a time; estate and building use their slot lists; the remaining filters are
    /// checked per candidate. A scope narrows the same way: its estates' slot lists, and for
    /// department staff the department bitset (with their own past work), so a scoped list never
    /// scans every complaint. Invalid limits or cursors are a validation error.
    public func list(_ query: ComplaintQuery, within scope: AccessScope = .unrestricted) -> Result<ComplaintPage, DomainError> {
        var check = Validator()
        if !(1...200).contains(query.limit) { check.fail("limit", "must be between 1 and 200") }
        var end = complaints.count
        if let cursor = query.cursor {
            if let sequence = ListCursor.sequence(of: cursor) { end = lowerBound(sequence: sequence) } else {
                check.fail("cursor", "is not a cursor of this listing")
            }
        }
        if query.overdue != nil && query.now == nil { check.fail("now", "is required with overdue") }
        if let error = check.error { return .failure(error) }

        var items: [Complaint] = []
        var more = false
        // An estate outside the scope is as empty as an unknown one.
        if let estate = query.estate, !scope.covers(estate: estate) { return .success(ComplaintPage(items: [], nextCursor: nil)) }
        let exactScope = scope.isDepartmentScoped
        func consider(_ slot: Int) -> Bool {
            // Test in place; copying a complaint out retains every string it holds.
            guard matchesUnindexed(slot, query) else { return true }
            if exactScope && !isVisible(slot, to: scope) { return true }
            if items.count == query.limit { more = true; return false }
            items.append(complaints[slot])
            return true
        }
        var sets = bitsets(for: query)
        if query.overdue == true, let now = query.now { sets.append(overdueSlots(now: now)) }
        if let candidates = departmentCandidates(scope) { sets.append(candidates) }
        if let lists = slotList(for: query).map({ [$0] }) ?? estateLists(scope) {
            var slots = DescendingSlots(lists, below: end)
            while let slot = slots.next() {
                if sets.allSatisfy({ $0.contains(slot) }) && !consider(slot) { break }
            }
        } else {
            var word = (end - 1) >> 6
            scan: while word >= 0 && end > 0 {
                var bits = sets.reduce(UInt64.max) { $0 & $1.word(word) }
                let limitBit = end - word << 6
                if limitBit < 64 { bits &= (1 << UInt64(limitBit)) - 1 }
                while bits != 0 {
                    let bit = 63 - bits.leadingZeroBitCount
                    bits &= ~(1 << UInt64(bit))
                    if !consider(word << 6 | bit) { break scan }
                }
                word -= 1
            }
        }
        let next = more ? items.last.map { ListCursor.make(afterSequence: $0.sequence) } : nil
        return .success(ComplaintPage(items: items, nextCursor: next))
    }

    private func slotList(for query: ComplaintQuery) -> [Int32]? {
        guard let estate = query.estate else { return nil }
        if let building = query.building {
            return slotsByBuilding[Self.buildingKey(estate: estate, building: building)] ?? []
        }
        return slotsByEstate[estate] ?? []
    }

    private func bitsets(for query: ComplaintQuery) -> [SlotBitSet] {
        var sets: [SlotBitSet] = []
        if let status = query.status { sets.append(statusIndex.slots(status)) }
        if let severity = query.severity { sets.append(severityIndex.slots(severity)) }
        if let category = query.category { sets.append(categoryIndex.slots(category)) }
        if let department = query.department { sets.append(departmentIndex.slots(department)) }
        if let channel = query.channel { sets.append(channelIndex.slots(channel)) }
        return sets
    }

    /// Complaints that may be overdue at `now`: fired and still unmet, or due and not fired yet.
    ///
    /// Built from the escalation bitset and the heap, so "overdue" does not scan a million
    /// complaints; `matchesUnindexed` still checks each candidate exactly.
    private func overdueSlots(now: Date) -> SlotBitSet {
        var slots = escalatedOpen
        for entry in heap.entries(dueBy: now.timeIntervalSinceReferenceDate) where entry.kind != DeadlineHeap.autoUpgradeKind {
            slots.insert(Int(entry.slot))
        }
        return slots
    }

    /// Checks the filters without an index, reading fields in place: passing `complaints[slot]`
    /// to a function copies the whole complaint, which halves the speed of a full text scan.
    private func matchesUnindexed(_ slot: Int, _ query: ComplaintQuery) -> Bool {
        if let building = query.building, query.estate == nil, complaints[slot].complainant.building != building { return false }
        if let from = query.receivedFrom, complaints[slot].receivedAt < from { return false }
        if let to = query.receivedTo, complaints[slot].receivedAt >= to { return false }
        if let overdue = query.overdue, let now = query.now, complaints[slot].isOverdue(now: now) != overdue { return false }
        if let text = query.text, !text.isEmpty, !complaints[slot].content.containsBytes(of: text) { return false }
        return true
    }
}
