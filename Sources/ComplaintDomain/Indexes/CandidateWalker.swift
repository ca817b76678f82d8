/// Where a listing's candidates come from: the most selective index the query allows.
enum CandidateSource {
    /// One slot (an id or a tracking code), or none.
    case single(Int?)
    /// Chains of the search index (phone tail, name, home), from their heads.
    case chains([Int32], ChainKind)
    /// Ascending slot lists (estate, building, worker, the scope's estates).
    case lists([[Int32]])
    /// Every slot, narrowed a word of 64 at a time by the matcher's bitsets.
    case scan
}

/// Which chain a chain source follows.
enum ChainKind { case phone, name, home }

/// Walks a source's candidates highest slot first within `low ..< high`.
struct CandidateWalker {
    private enum Mode {
        case single(Int?)
        case chains(current: [Int32], previous: ChunkedArray<Int32>)
        case lists(DescendingSlots)
        case scan(word: Int, bits: UInt64)
    }

    private var mode: Mode
    private let low: Int
    private let high: Int
    private let groups: [[SlotBitSet]]

    init(_ source: CandidateSource, low: Int, high: Int, groups: [[SlotBitSet]], search: SearchIndexes) {
        self.low = low
        self.high = high
        self.groups = groups
        switch source {
        case .single(let slot):
            mode = .single(slot)
        case .chains(let heads, let kind):
            let previous: ChunkedArray<Int32>
            switch kind {
            case .phone: previous = search.previousByPhoneTail
            case .name: previous = search.previousByName
            case .home: previous = search.previousByHome
            }
            mode = .chains(current: heads, previous: previous)
        case .lists(let lists):
            mode = .lists(DescendingSlots(lists, below: high))
        case .scan:
            mode = .scan(word: -1, bits: 0)
            if high > low { mode = .scan(word: (high - 1) >> 6, bits: maskedWord((high - 1) >> 6)) }
        }
    }

    /// The next lower candidate, or nil when there is none.
    mutating func next() -> Int? {
        switch mode {
        case .single(let slot):
            mode = .single(nil)
            guard let slot, slot >= low, slot < high else { return nil }
            return slot
        case .chains(var current, let previous):
            mode = .single(nil)  // lets go of the array so it is changed in place
            var best = -1
            var bestIndex = -1
            for index in current.indices {
                while current[index] >= 0 && Int(current[index]) >= high { current[index] = previous[Int(current[index])] }
                if Int(current[index]) > best {
                    best = Int(current[index])
                    bestIndex = index
                }
            }
            if bestIndex >= 0 { current[bestIndex] = previous[best] }
            mode = .chains(current: current, previous: previous)
            return best >= low ? best : nil
        case .lists(var walker):
            mode = .single(nil)
            let slot = walker.next()
            mode = .lists(walker)
            guard let slot, slot >= low else { return nil }
            return slot
        case .scan(var word, var bits):
            while bits == 0 {
                word -= 1
                guard word >= 0, word >= low >> 6 else {
                    mode = .scan(word: -1, bits: 0)
                    return nil
                }
                bits = maskedWord(word)
            }
            let bit = 63 - bits.leadingZeroBitCount
            bits &= ~(1 << UInt64(bit))
            mode = .scan(word: word, bits: bits)
            let slot = word << 6 | bit
            return slot >= low ? slot : nil
        }
    }

    /// The candidates of word `index` (slots `64·index ..< 64·index + 64`) inside the range.
    private func maskedWord(_ index: Int) -> UInt64 {
        var bits = UInt64.max
        for group in groups {
            var any: UInt64 = 0
            for set in group { any |= set.word(index) }
            bits &= any
        }
        let end = high - index << 6
        if end < 64 { bits &= (1 << UInt64(end)) - 1 }
        let start = low - index << 6
        if start > 0 { bits &= start >= 64 ? 0 : ~((1 << UInt64(start)) - 1) }
        return bits
    }

    /// The number of candidates left: a population count for `scan`, a bitset test per slot for
    /// `lists` (which hold each slot once); nil for the other sources.
    mutating func countRemaining() -> Int? {
        if case .lists(var walker) = mode {
            mode = .single(nil)
            // Consecutive slots share a word: keep the last one computed.
            var cachedIndex = -1
            var cachedBits: UInt64 = 0
            return walker.countRemaining(atLeast: low) { slot in
                let index = slot >> 6
                if index != cachedIndex {
                    cachedIndex = index
                    cachedBits = maskedWord(index)
                }
                return cachedBits >> UInt64(slot & 63) & 1 != 0
            }
        }
        guard case .scan(let word, let bits) = mode else { return nil }
        var count = bits.nonzeroBitCount
        var index = word - 1
        while index >= 0 && index >= low >> 6 {
            count += maskedWord(index).nonzeroBitCount
            index -= 1
        }
        mode = .scan(word: -1, bits: 0)
        return count
    }
}
