import Foundation

// The write side of `AccessScope`: a command reaches only complaints in the caller's scope.
// (Lists of cold complaints check scope on their compact records: `ComplaintIndexes`.)

extension ComplaintBook {
    /// The whole complaint with `id` if it is in memory and `scope` covers it; nil otherwise, so
    /// a caller cannot tell a complaint outside their scope from one that does not exist.
    public func complaint(id: String, within scope: AccessScope) -> Complaint? {
        guard let complaint = complaint(id: id), complaint.isVisible(to: scope) else { return nil }
        return complaint
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
            if candidate > best {
                best = candidate
                bestList = index
            }
        }
        guard bestList >= 0 else { return nil }
        positions[bestList] -= 1
        return best
    }

    /// Counts the slots left, down to `low`, that `include` accepts, and uses them up (the
    /// lists must not share a slot, as estates' lists do not).
    mutating func countRemaining(atLeast low: Int, where include: (Int) -> Bool) -> Int {
        var count = 0
        for index in lists.indices {
            lists[index].withUnsafeBufferPointer { list in
                var position = positions[index]
                while position > 0 {
                    let slot = Int(list[position - 1])
                    if slot < low { break }
                    if include(slot) { count += 1 }
                    position -= 1
                }
            }
            positions[index] = 0
        }
        return count
    }
}
