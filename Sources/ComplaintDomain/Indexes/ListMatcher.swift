import Foundation

/// The checks of a listing that no candidate source answered, made per candidate on its compact
/// record — and, for the clock filters and the text search, on the whole complaint when it is
/// hot (a closed complaint is never overdue) or on its text read from the log when it is cold.
struct ListMatcher {
    /// Bitset groups: a slot must be in at least one set of every group.
    var groups: [[SlotBitSet]] = []
    var estate: UInt32?
    var building: UInt32?
    var handler: UInt32?
    var from: Int64?
    var to: Int64?
    var overdue: Bool?
    var dueBy: Date?
    var now: Date?
    var phoneHashes: [UInt64]?
    var phoneTail: UInt16?
    var names: [UInt32]?
    var homes: [(building: UInt32?, unit: UInt32)] = []
    var text: [UInt8]?
    /// Estates the caller may see (nil: all), and whether each candidate needs the department rule.
    var scopeEstates: Set<UInt32>?
    var departmentScope: AccessScope?

    /// What a check found.
    enum Verdict { case match, miss, outOfBudget }

    /// Whether the only checks are the bitsets (so a count is a population count).
    var isBitsetsOnly: Bool {
        estate == nil && building == nil && handler == nil && from == nil && to == nil && overdue == nil
            && dueBy == nil && phoneHashes == nil && phoneTail == nil && names == nil && homes.isEmpty && text == nil
            && scopeEstates == nil && departmentScope == nil
    }

    /// Checks `slot`; a cold complaint's text costs one `coldText` read, refused once `reads` reaches `budget`.
    func check(_ slot: Int, in state: ComplaintState, coldText: ((Int) -> String?)?, reads: inout Int, budget: Int) -> Verdict {
        for group in groups where !group.contains(where: { $0.contains(slot) }) { return .miss }
        // Read through `state` rather than copying its book: a copy retains every array inside it.
        let record = state.book.records[slot]
        if let estate, record.estate != estate { return .miss }
        if let building, !state.indexes.search.isAt(building: building, record) { return .miss }
        for home in homes where !state.indexes.search.isAt(record, building: home.building, unit: home.unit) { return .miss }
        if let handler, record.handler != handler { return .miss }
        if let from, record.receivedAt < from { return .miss }
        if let to, record.receivedAt >= to { return .miss }
        if let phoneHashes, !phoneHashes.contains(record.phoneHash) { return .miss }
        if let phoneTail, record.phoneTail != phoneTail { return .miss }
        if let names, !names.contains(record.ownerName) { return .miss }
        if let scopeEstates, !scopeEstates.contains(record.estate) { return .miss }
        if let departmentScope, !state.isVisible(slot, to: departmentScope) { return .miss }
        guard overdue != nil || dueBy != nil || text != nil else { return .match }
        guard let complaint = state.book.hot[Int32(slot)] else {
            // Cold: closed, so never overdue nor due; its text is read from the log.
            if overdue == true || dueBy != nil { return .miss }
            guard let text else { return .match }
            guard let coldText else { return .miss }
            guard reads < budget else { return .outOfBudget }
            reads += 1
            guard let read = coldText(slot) else { return .miss }
            return SearchText.fold(read).containsBytes(text) ? .match : .miss
        }
        if let overdue, let now, complaint.isOverdue(now: now) != overdue { return .miss }
        if let dueBy, !(complaint.nextDueAt.map { $0 <= dueBy } ?? false) { return .miss }
        if let text {
            guard
                SearchText.fold(complaint.content).containsBytes(text)
                    || SearchText.fold(complaint.demands ?? "").containsBytes(text)
            else { return .miss }
        }
        return .match
    }
}

extension SearchIndexes {
    /// Whether `record`'s building folds to `building`.
    func isAt(building: UInt32, _ record: CompactComplaint) -> Bool {
        Int(record.building) < normalBuilding.count && normalBuilding[Int(record.building)] == building
    }
}

extension Complaint {
    /// The earliest unmet deadline of an open complaint; nil when closed or none is armed.
    public var nextDueAt: Date? {
        guard status != .closed else { return nil }
        return deadlines.all.filter { $0.deadline.metAt == nil }.map(\.deadline.dueAt).min()
    }
}
