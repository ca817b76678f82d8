import Foundation

// The read side of `AccessScope`: visibility of one slot (read in place), and the index
// structures that narrow a scoped listing without scanning every complaint.

extension ComplaintBook {
    /// Whether the complaint at `slot` is in `scope`: the one rule, `Complaint.isVisible(to:)`,
    /// called on the element in place (passing `complaints[slot]` as an argument would copy it).
    func isVisible(_ slot: Int, to scope: AccessScope) -> Bool {
        scope.isUnlimited || complaints[slot].isVisible(to: scope)
    }

    /// The complaint with `id` if it exists and `scope` covers it; nil otherwise, so a caller
    /// cannot tell a complaint outside their scope from one that does not exist.
    public func complaint(id: String, within scope: AccessScope) -> Complaint? {
        guard let slot = slot(of: id), isVisible(slot, to: scope) else { return nil }
        return complaints[slot]
    }

    /// Whether the complaint with `id` exists and `scope` covers it.
    public func isVisible(id: String, to scope: AccessScope) -> Bool {
        guard let slot = slot(of: id) else { return false }
        return isVisible(slot, to: scope)
    }

    /// Records that `actorID` worked on `slot` (kept ascending and without repeats).
    mutating func noteWork(_ slot: Int, by actorID: String) {
        let slot32 = Int32(slot)
        var list = slotsByWorker.removeValue(forKey: actorID) ?? []
        if let last = list.last, last >= slot32 {
            var low = 0
            var high = list.count
            while low < high {
                let middle = (low + high) / 2
                if list[middle] < slot32 { low = middle + 1 } else { high = middle }
            }
            if list[low] != slot32 { list.insert(slot32, at: low) }
        } else {
            list.append(slot32)
        }
        slotsByWorker[actorID] = list
    }

    /// Indexes the work a restored complaint records (the same facts `evolve` indexes).
    mutating func noteRecordedWork(_ slot: Int) {
        var workers: Set<String> = [complaints[slot].receivedBy]
        if let handler = complaints[slot].handler { workers.insert(handler) }
        if let resolver = complaints[slot].resolution?.by { workers.insert(resolver) }
        for transition in complaints[slot].transitions where transition.status == .in_progress || transition.status == .resolved {
            workers.insert(transition.by)
        }
        for note in complaints[slot].progressNotes { workers.insert(note.by) }
        for worker in workers { noteWork(slot, by: worker) }
    }

    /// Candidate slots of a department-scoped caller: the department's complaints and their own
    /// past work (a superset; `isVisible` decides each). Nil when the scope has no department part.
    func departmentCandidates(_ scope: AccessScope) -> SlotBitSet? {
        guard scope.isDepartmentScoped else { return nil }
        var slots = scope.department.map { departmentIndex.slots($0) } ?? SlotBitSet()
        for slot in slotsByWorker[scope.actorID] ?? [] { slots.insert(Int(slot)) }
        return slots
    }

    /// The ascending slot lists of the scope's estates, or nil when it covers every estate.
    func estateLists(_ scope: AccessScope) -> [[Int32]]? {
        guard let estates = scope.estates else { return nil }
        return estates.sorted().compactMap { slotsByEstate[$0] }
    }
}

/// Walks several ascending slot lists as one, highest slot first (a k-way merge from the top).
struct DescendingSlots {
    private let lists: [[Int32]]
    private var positions: [Int]

    /// Starts below slot `end` in each list.
    init(_ lists: [[Int32]], below end: Int) {
        self.lists = lists
        positions = lists.map { list in
            var low = 0
            var high = list.count
            while low < high {
                let middle = (low + high) / 2
                if Int(list[middle]) < end { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    /// The next lower slot, or nil when every list is exhausted.
    mutating func next() -> Int? {
        var best = -1
        var bestList = -1
        for index in lists.indices where positions[index] > 0 {
            let candidate = Int(lists[index][positions[index] - 1])
            if candidate > best { best = candidate; bestList = index }
        }
        guard bestList >= 0 else { return nil }
        positions[bestList] -= 1
        return best
    }
}
