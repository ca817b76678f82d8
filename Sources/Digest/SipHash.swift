// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed pseudorandom function for short inputs,
// made to key hash tables with a secret so that no one can predict where an input lands. Checked
// against the paper's vectors.

/// SipHash-2-4 under a 128-bit secret key.
public struct SipHash24: Sendable {
    private let k0: UInt64
    private let k1: UInt64

    /// A hasher keyed with 16 bytes (read little-endian, as in the paper); nil for another length.
    public init?(key: [UInt8]) {
        guard key.count == 16 else { return nil }
        (k0, k1) = key.withUnsafeBytes { raw in
            (
                UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            )
        }
    }

    /// The 64-bit tag of `message`; the time taken depends only on its length.
    public func hash(_ message: UnsafeRawBufferPointer) -> UInt64 {
        var state = State(
            v0: 0x736f_6d65_7073_6575 ^ k0, v1: 0x646f_7261_6e64_6f6d ^ k1,
            v2: 0x6c79_6765_6e65_7261 ^ k0, v3: 0x7465_6462_7974_6573 ^ k1)
        let whole = message.count & ~7
        var offset = 0
        while offset < whole {
            state.absorb(UInt64(littleEndian: message.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        var last = UInt64(truncatingIfNeeded: message.count) << 56
        for index in 0..<(message.count - whole) {
            last |= UInt64(message[whole + index]) << UInt64(8 * index)
        }
        state.absorb(last)
        state.v2 ^= 0xff
        state.round()
        state.round()
        state.round()
        state.round()
        return state.v0 ^ state.v1 ^ state.v2 ^ state.v3
    }

    /// The 64-bit tag of `message`.
    public func hash(_ message: [UInt8]) -> UInt64 {
        message.withUnsafeBytes { hash($0) }
    }

    private struct State {
        var v0: UInt64, v1: UInt64, v2: UInt64, v3: UInt64

        /// One message word, with two compression rounds (the "2" of 2-4).
        @inline(__always) mutating func absorb(_ word: UInt64) {
            v3 ^= word
            round()
            round()
            v0 ^= word
        }

        @inline(__always) mutating func round() {
            v0 &+= v1
            v1 = v1.rotatedLeft(13) ^ v0
            v0 = v0.rotatedLeft(32)
            v2 &+= v3
            v3 = v3.rotatedLeft(16) ^ v2
            v0 &+= v3
            v3 = v3.rotatedLeft(21) ^ v0
            v2 &+= v1
            v1 = v1.rotatedLeft(17) ^ v2
            v2 = v2.rotatedLeft(32)
        }
    }
}

extension UInt64 {
    @inline(__always) fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 { (self << count) | (self >> (64 - count)) }
}
