import ComplaintDomain

/// Where each complaint's events are in the log, by slot: the first (its registration, which
/// holds its text) and the last (the head of the chain each record keeps to its stream's
/// previous one). Eight bytes each: segment number in the high 24 bits, byte offset below.
struct ChainHeads: Sendable {
    var first = ChunkedArray<UInt64>()
    var last = ChunkedArray<UInt64>()

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

    /// Records that the newest event of `slot` is at `packed` (the first one when it is new).
    mutating func note(slot: Int, at packed: UInt64) {
        while first.count <= slot {
            first.append(Self.none)
            last.append(Self.none)
        }
        if first[slot] == Self.none { first[slot] = packed }
        last[slot] = packed
    }

    /// The newest event's position of `slot`, if known.
    func head(of slot: Int) -> UInt64? {
        slot < last.count && last[slot] != Self.none ? last[slot] : nil
    }

    /// The registration's position of `slot`, if known.
    func registration(of slot: Int) -> UInt64? {
        slot < first.count && first[slot] != Self.none ? first[slot] : nil
    }
}
