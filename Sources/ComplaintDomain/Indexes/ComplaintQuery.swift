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

/// One page of a listing: slots, newest first; the caller reads each (hot complaints from
/// memory, cold ones folded from their events).
public struct ComplaintPage: Sendable {
    /// The slots of the complaints, newest first.
    public var slots: [Int]
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

extension ComplaintState {
    /// Lists complaints matching `query` within `scope`, newest first, one page at a time.
    ///
    /// Bitset indexes narrow by status, severity, category, department and channel a word of 64
    /// slots at a time; estate and building use their slot lists; the remaining filters are
    /// checked per candidate on its compact record. A scope narrows the same way: its estates'
    /// slot lists, and for department staff the department bitset (with their own past work),
    /// so a scoped list never scans every complaint. Invalid limits or cursors are a validation error.
    ///
    /// The text of a cold complaint is not in memory: `coldText` reads it (the service reads its
    /// registration from the log), at most `coldReads` times a page — a page that would need more
    /// ends early with a cursor where it stopped, so one request never reads the whole log.
    /// Without `coldText`, cold complaints never match a text filter.
    public func list(_ query: ComplaintQuery, within scope: AccessScope = .unrestricted,
                     coldText: ((Int) -> String?)? = nil, coldReads: Int = 2_000) -> Result<ComplaintPage, DomainError> {
        var check = Validator()
        if !(1...200).contains(query.limit) { check.fail("limit", .limitOutOfRange, ["min": "1", "max": "200"]) }
        var end = book.count
        if let cursor = query.cursor {
            if let sequence = ListCursor.sequence(of: cursor) { end = book.lowerBound(sequence: sequence) } else {
                check.fail("cursor", .notACursor)
            }
        }
        if query.overdue != nil && query.now == nil { check.fail("now", .nowRequired) }
        if let error = check.error { return .failure(error) }

        var slots: [Int] = []
        var more = false
        var reads = 0
        var stoppedAt: Int?
        let budgetedText: ((Int) -> String?)? = coldText.map { read in
            { slot in
                reads += 1
                return read(slot)
            }
        }
        // An estate outside the scope is as empty as an unknown one.
        if let estate = query.estate, !scope.covers(estate: estate) { return .success(ComplaintPage(slots: [], nextCursor: nil)) }
        let exactScope = scope.isDepartmentScoped
        let filter = CompactFilter(query, book: book)
        func consider(_ slot: Int) -> Bool {
            if reads >= coldReads {
                // Out of budget: the page ends here; the next one starts below this slot.
                stoppedAt = slot + 1
                more = true
                return false
            }
            guard filter.matches(slot, book: book, coldText: budgetedText) else { return true }
            if exactScope && !isVisible(slot, to: scope) { return true }
            if slots.count == query.limit { more = true; return false }
            slots.append(slot)
            return true
        }
        var sets = bitsets(for: query)
        if query.overdue == true, let now = query.now { sets.append(overdueSlots(now: now)) }
        if let candidates = departmentCandidates(scope) { sets.append(candidates) }
        if let lists = slotList(for: query).map({ [$0] }) ?? estateLists(scope) {
            var walker = DescendingSlots(lists, below: end)
            while let slot = walker.next() {
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
        let last = stoppedAt.map { $0 - 1 } ?? slots.last
        let next = more ? last.map { ListCursor.make(afterSequence: Int(book.records[$0].sequence)) } : nil
        return .success(ComplaintPage(slots: slots, nextCursor: next))
    }

    private func slotList(for query: ComplaintQuery) -> [Int32]? {
        guard let estate = query.estate else { return nil }
        if let building = query.building {
            guard let id = book.strings.buildings.id(of: BookStrings.buildingKey(estate: estate, building: building)),
                  Int(id) < indexes.slotsByBuilding.count else { return [] }
            return indexes.slotsByBuilding[Int(id)]
        }
        guard let id = book.strings.estates.id(of: estate), Int(id) < indexes.slotsByEstate.count else { return [] }
        return indexes.slotsByEstate[Int(id)]
    }

    /// The ascending slot lists of the scope's estates, or nil when it covers every estate.
    private func estateLists(_ scope: AccessScope) -> [[Int32]]? {
        guard let estates = scope.estates else { return nil }
        return estates.sorted().compactMap { estate in
            book.strings.estates.id(of: estate).flatMap { Int($0) < indexes.slotsByEstate.count ? indexes.slotsByEstate[Int($0)] : nil }
        }
    }

    /// Candidate slots of a department-scoped caller: the department's complaints and their own
    /// past work (a superset; `isVisible` decides each). Nil when the scope has no department part.
    private func departmentCandidates(_ scope: AccessScope) -> SlotBitSet? {
        guard scope.isDepartmentScoped else { return nil }
        var slots = scope.department.map { indexes.department.slots($0) } ?? SlotBitSet()
        for slot in indexes.slotsByWorker[scope.actorID] ?? [] { slots.insert(Int(slot)) }
        return slots
    }

    private func bitsets(for query: ComplaintQuery) -> [SlotBitSet] {
        var sets: [SlotBitSet] = []
        if let status = query.status { sets.append(indexes.status.slots(status)) }
        if let severity = query.severity { sets.append(indexes.severity.slots(severity)) }
        if let category = query.category { sets.append(indexes.category.slots(category)) }
        if let department = query.department { sets.append(indexes.department.slots(department)) }
        if let channel = query.channel { sets.append(indexes.channel.slots(channel)) }
        return sets
    }

    /// Complaints that may be overdue at `now`: fired and still unmet, or due and not fired yet.
    ///
    /// Built from the escalation bitset and the heap, so "overdue" does not scan every
    /// complaint; the filter still checks each candidate exactly.
    private func overdueSlots(now: Date) -> SlotBitSet {
        var slots = indexes.escalatedOpen
        for entry in book.heap.entries(dueBy: now.timeIntervalSinceReferenceDate) where entry.kind != DeadlineHeap.autoUpgradeKind {
            slots.insert(Int(entry.slot))
        }
        return slots
    }
}

/// The filters no index answers, checked on a candidate's compact record (and, for the text and
/// overdue filters, on the whole complaint when it is hot: a closed complaint is never overdue).
struct CompactFilter {
    let building: String?
    let from: Int64?
    let to: Int64?
    let overdue: Bool?
    let now: Date?
    let text: String?

    init(_ query: ComplaintQuery, book: ComplaintBook) {
        building = query.estate == nil ? query.building : nil
        from = query.receivedFrom.map(Milliseconds.of)
        to = query.receivedTo.map(Milliseconds.of)
        overdue = query.overdue
        now = query.now
        text = query.text.flatMap { $0.isEmpty ? nil : $0 }
    }

    func matches(_ slot: Int, book: ComplaintBook, coldText: ((Int) -> String?)?) -> Bool {
        let record = book.records[slot]
        if let building, book.strings.buildingName(record.building) != building { return false }
        if let from, record.receivedAt < from { return false }
        if let to, record.receivedAt >= to { return false }
        if overdue != nil || text != nil {
            guard let complaint = book.hot[Int32(slot)] else {
                // Cold: closed, so never overdue; its text is read from the log when asked for.
                if overdue == true { return false }
                guard let text else { return true }
                return coldText?(slot)?.containsBytes(of: text) ?? false
            }
            if let overdue, let now, complaint.isOverdue(now: now) != overdue { return false }
            if let text, !complaint.content.containsBytes(of: text) { return false }
        }
        return true
    }
}
