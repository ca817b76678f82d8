/// A growable set of complaint slots, one bit each; the list indexes AND these word by word.
struct SlotBitSet: Sendable {
    private(set) var words: [UInt64] = []

    /// An empty set.
    init() {}

    /// The set of `words`, without its trailing zero words (as inserting its members one by one
    /// would leave it).
    init(trimming words: ArraySlice<UInt64>) {
        let end = (words.lastIndex { $0 != 0 }).map { $0 + 1 } ?? words.startIndex
        self.words = Array(words[..<end])
    }

    /// Whether `slot` is in the set.
    func contains(_ slot: Int) -> Bool {
        let word = slot >> 6
        return word < words.count && words[word] & (1 << UInt64(slot & 63)) != 0
    }

    /// Adds `slot`.
    mutating func insert(_ slot: Int) {
        let word = slot >> 6
        if word >= words.count {
            // append grows the storage geometrically. (An explicit reserveCapacity(count * 2) here
            // asked for a little more than the capacity every 64 slots, so each new word copied
            // the whole set: 17 % of a restart at a million complaints went to that memmove.)
            words.append(contentsOf: repeatElement(0, count: word + 1 - words.count))
        }
        words[word] |= 1 << UInt64(slot & 63)
    }

    /// Removes `slot`.
    mutating func remove(_ slot: Int) {
        let word = slot >> 6
        guard word < words.count else { return }
        words[word] &= ~(1 << UInt64(slot & 63))
    }

    /// The word holding slots `64 * index ..< 64 * index + 64`, zero past the end.
    func word(_ index: Int) -> UInt64 {
        index < words.count ? words[index] : 0
    }

    /// Every member, ascending.
    var members: [Int] {
        var result: [Int] = []
        for (index, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                result.append(index << 6 | bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return result
    }
}

/// One bitset per value of an enumeration, so "status = dispatched" is a set lookup.
struct EnumIndex<Value: Ordinal>: Sendable {
    private var sets = Array(repeating: SlotBitSet(), count: Value.caseCount)

    /// An index with no slot.
    init() {}

    /// An index of the sets per value, in ordinal order (`Value.caseCount` of them).
    init(sets: [SlotBitSet]) {
        precondition(sets.count == Value.caseCount)
        self.sets = sets
    }

    /// The slots holding `value`.
    func slots(_ value: Value) -> SlotBitSet { sets[value.ordinal] }

    /// Moves `slot` from the set of `old` to the set of `new`.
    mutating func move(_ slot: Int, from old: Value?, to new: Value?) {
        guard old != new else { return }
        if let old { sets[old.ordinal].remove(slot) }
        if let new { sets[new.ordinal].insert(slot) }
    }
}
