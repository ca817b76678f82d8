/// The names seen so far in one object, to refuse duplicates: a 64-bit Bloom mask in front of
/// a list kept on the caller's stack (spilling to the heap past `inlineCapacity`), so a new
/// name usually costs a few multiplies, one bit test and one store, and the list is only
/// scanned on a mask hit.
@usableFromInline
struct KeySet {
    /// A name of up to 32 bytes: its bytes and length (longer names go to the overflow).
    @usableFromInline
    struct Entry {
        @usableFromInline var words: (UInt64, UInt64, UInt64, UInt64)
        @usableFromInline var count: Int

        @inlinable
        init(words: (UInt64, UInt64, UInt64, UInt64), count: Int) {
            self.words = words
            self.count = count
        }
    }

    /// Entries kept on the stack before spilling (24 × 40 bytes stays within the 1 KiB that
    /// `withUnsafeTemporaryAllocation` is sure to place on the stack rather than the heap).
    @inlinable static var inlineCapacity: Int { 24 }

    /// What does not fit on the stack: allocated only for big objects or long names.
    @usableFromInline
    final class Overflow {
        var entries: [Entry] = []
        var longNames: [[UInt8]] = []
        @usableFromInline init() {}
    }

    @usableFromInline let storage: UnsafeMutableBufferPointer<Entry>
    @usableFromInline var stored = 0
    @usableFromInline var overflow: Overflow?
    @usableFromInline var mask: UInt64 = 0

    @inlinable
    init(storage: UnsafeMutableBufferPointer<Entry>) { self.storage = storage }

    /// Adds `key`; false when it was already present.
    @inlinable @inline(__always)
    mutating func insert(_ key: JSONKey) -> Bool {
        if key.count > JSONKey.inlineCapacity || stored == storage.count { return insertSlowly(key) }
        let words = key.inline
        // The mask bit comes from the first eight bytes and the length, which tell nearly all
        // member names apart; names that collide only cost an exact scan.
        let mix = (words.0 ^ UInt64(truncatingIfNeeded: key.count) &<< 56) &* 0x9E37_79B9_7F4A_7C15
        let bit: UInt64 = 1 &<< (mix &>> 58)
        if mask & bit != 0 && contains(words, count: key.count) { return false }
        mask |= bit
        (storage.baseAddress! + stored).initialize(to: Entry(words: words, count: key.count))
        stored &+= 1
        return true
    }

    /// `insert` for long names and for objects past the stack capacity.
    @usableFromInline
    mutating func insertSlowly(_ key: JSONKey) -> Bool {
        let overflow = self.overflow ?? Overflow()
        self.overflow = overflow
        if key.count > JSONKey.inlineCapacity {
            let long = key.withUTF8 { Array($0) }
            if overflow.longNames.contains(long) { return false }
            overflow.longNames.append(long)
            return true
        }
        if contains(key.inline, count: key.count) { return false }
        overflow.entries.append(Entry(words: key.inline, count: key.count))
        return true
    }

    @usableFromInline
    func contains(_ words: (UInt64, UInt64, UInt64, UInt64), count: Int) -> Bool {
        for index in 0..<stored where storage[index].count == count && storage[index].words == words { return true }
        guard let overflow else { return false }
        for entry in overflow.entries where entry.count == count && entry.words == words { return true }
        return false
    }
}
