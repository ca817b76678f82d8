/// Building the search chains of a restored book in bulk.
///
/// Slot by slot (`insert`), every record updated the home dictionary twice (SipHash each time)
/// and appended to three chunked arrays (nested arrays: two uniqueness checks per append). At
/// load every record is known: the chains are filled a whole chunk at a time, the newest slot per home is
/// kept in a plain open-addressing table, and the dictionaries are filled once per home. The
/// result is what `insert` gives slot by slot (`RestoredIndexesTests` compares them).
extension SearchIndexes {
    /// Indexes every restored record; the indexes must be empty.
    mutating func insertAll(_ records: ChunkedArray<CompactComplaint>, strings: BookStrings) {
        precondition(previousByPhoneTail.isEmpty, "insertAll builds empty indexes only")
        let count = records.count
        let chunkSize = ChunkedArray<Int32>.chunkSize
        var tailChunks: [[Int32]] = []
        var nameChunks: [[Int32]] = []
        var homeChunks: [[Int32]] = []
        var newestTail = newestByPhoneTail
        var countTail = countByPhoneTail
        var homes = HomeChains()
        // Chunk by chunk, so the chains are never held twice (a flat array, then its chunks).
        for first in stride(from: 0, to: count, by: chunkSize) {
            let slots = first..<min(first + chunkSize, count)
            var previousTail = [Int32](repeating: -1, count: slots.count)
            var previousName = [Int32](repeating: -1, count: slots.count)
            var previousHome = [Int32](repeating: -1, count: slots.count)
            for slot in slots {
                let record = records[slot]
                let key = Int32(slot)
                if record.phoneTail != PhoneKey.noTail {
                    let tail = Int(record.phoneTail)
                    previousTail[slot - first] = newestTail[tail]
                    newestTail[tail] = key
                    countTail[tail] += 1
                }
                let name = Int(record.ownerName)
                if name >= newestByName.count { addNames(through: name, strings: strings) }
                previousName[slot - first] = newestByName[name]
                newestByName[name] = key
                previousHome[slot - first] = homes.replaceNewest(homeKey(record, strings: strings), with: key)
            }
            tailChunks.append(previousTail)
            nameChunks.append(previousName)
            homeChunks.append(previousHome)
        }
        newestByPhoneTail = newestTail
        countByPhoneTail = countTail
        previousByPhoneTail = Self.adopt(tailChunks)
        previousByName = Self.adopt(nameChunks)
        previousByHome = Self.adopt(homeChunks)
        newestByHome.reserveCapacity(homes.order.count)
        for home in homes.order {
            newestByHome[home] = homes.newest(home)
            homesByUnit[UInt32(truncatingIfNeeded: home), default: []].append(home)
        }
    }

    private static func adopt(_ chunks: [[Int32]]) -> ChunkedArray<Int32> {
        // Every chunk but the last is full by construction.
        guard let array = ChunkedArray(adopting: chunks) else { preconditionFailure("chains cut into uneven chunks") }
        return array
    }
}

/// The newest slot per home while the chains are built: open addressing on the 64-bit home key,
/// no hashing of strings nor SipHash, and the homes in the order they first appeared.
private struct HomeChains {
    private var keys = [UInt64](repeating: 0, count: 1024)
    private var newest = [Int32](repeating: -1, count: 1024)
    private var mask = 1023
    /// Every home, in the order of its first complaint.
    private(set) var order: [UInt64] = []

    /// Makes `slot` the newest at `home`; answers the one it replaces, or -1.
    mutating func replaceNewest(_ home: UInt64, with slot: Int32) -> Int32 {
        var index = Self.start(home, mask)
        while newest[index] != -1 {
            if keys[index] == home {
                let previous = newest[index]
                newest[index] = slot
                return previous
            }
            index = (index + 1) & mask
        }
        keys[index] = home
        newest[index] = slot
        order.append(home)
        if order.count * 2 > keys.count { grow() }
        return -1
    }

    /// The newest slot at `home` (one of `order`).
    func newest(_ home: UInt64) -> Int32 {
        var index = Self.start(home, mask)
        while keys[index] != home || newest[index] == -1 { index = (index + 1) & mask }
        return newest[index]
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldNewest = newest
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        newest = [Int32](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        for index in oldKeys.indices where oldNewest[index] != -1 {
            var slot = Self.start(oldKeys[index], mask)
            while newest[slot] != -1 { slot = (slot + 1) & mask }
            keys[slot] = oldKeys[index]
            newest[slot] = oldNewest[index]
        }
    }

    private static func start(_ home: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (home &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }
}
