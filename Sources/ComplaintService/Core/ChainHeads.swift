import ComplaintDomain

/// Where each complaint's events are in the log, by slot: the first (its registration, which
/// holds its text) and the last (the head of the chain each record keeps to its stream's
/// previous one). Eight bytes each: segment number in the high 24 bits, byte offset below.
struct ChainHeads: Sendable {
    var first = ChunkedArray<UInt64>()
    var last = ChunkedArray<UInt64>()
    /// Streams written before records carried `prev` links (a log of an older version): where
    /// each of their records is, oldest first, so their history can still be read back. Empty
    /// for a log written by this version.
    var unlinked: [Int32: [UInt64]] = [:]

    /// No position yet.
    static let none: UInt64 = .max

    /// Packs a position.
    static func pack(segment: UInt32, offset: UInt64) -> UInt64 {
        UInt64(segment & 0xFF_FFFF) << 40 | (offset & 0xFF_FFFF_FFFF)
    }

    /// Unpacks a position.
    static func unpack(_ packed: UInt64) -> (segment: UInt32, offset: UInt64) {
        (UInt32(truncatingIfNeeded: packed >> 40), packed & 0xFF_FFFF_FFFF)
    }

    /// Records that the newest event of `slot` is at `packed` (the first one when it is new);
    /// `linked` says whether the record carries a `prev` link.
    mutating func note(slot: Int, at packed: UInt64, linked: Bool = true) {
        while first.count <= slot {
            first.append(Self.none)
            last.append(Self.none)
        }
        if first[slot] == Self.none {
            first[slot] = packed
        } else if !linked {
            unlinked[Int32(slot), default: [first[slot]]].append(packed)
        }
        last[slot] = packed
    }

    /// Where the history of `slot` is read from: its newest event, and any records without links.
    func head(of slot: Int) -> ChainHead? {
        guard slot < last.count, last[slot] != Self.none else { return nil }
        return ChainHead(packed: last[slot], unlinked: unlinked[Int32(slot)] ?? [])
    }

    /// The registration's position of `slot`, if known.
    func registration(of slot: Int) -> UInt64? {
        slot < first.count && first[slot] != Self.none ? first[slot] : nil
    }
}

/// Where a complaint's history starts to be read: the packed position of its newest event, and
/// (for a stream an older version wrote) the positions of its records that carry no link.
struct ChainHead: Sendable {
    var packed: UInt64
    var unlinked: [UInt64] = []

    /// The unlinked positions as the store takes them.
    var earlier: [(segment: UInt32, offset: UInt64)] { unlinked.map(ChainHeads.unpack) }
}
