// PBKDF2 (RFC 8018 §5.2) with HMAC-SHA256 as the pseudo-random function, for password hashes.

/// PBKDF2-HMAC-SHA256. The first block of each output uses `HMACSHA256` as is; the iterations
/// after it, where all the time goes, reuse the key's inner and outer pad states (the standard
/// HMAC shortcut) and compress fixed 64-byte blocks without allocating, so 600,000 iterations
/// (OWASP's 2023 figure) take a fraction of a second in a release build.
public enum PBKDF2SHA256 {
    /// The derived key of `length` bytes for `password` and `salt` after `iterations` rounds.
    public static func deriveKey(password: [UInt8], salt: [UInt8], iterations: Int, length: Int = 32) -> [UInt8] {
        precondition(iterations >= 1 && length >= 1, "PBKDF2 needs at least one iteration and one byte")
        var key = password
        if key.count > SHA256.blockLength { key = SHA256.hash(key) }
        key += [UInt8](repeating: 0, count: SHA256.blockLength - key.count)
        let inner = BlockState.absorbing(key.map { $0 ^ 0x36 })
        let outer = BlockState.absorbing(key.map { $0 ^ 0x5c })
        var output: [UInt8] = []
        var blockIndex: UInt32 = 1
        while output.count < length {
            let counter = [
                UInt8(blockIndex >> 24), UInt8(truncatingIfNeeded: blockIndex >> 16),
                UInt8(truncatingIfNeeded: blockIndex >> 8), UInt8(truncatingIfNeeded: blockIndex),
            ]
            var u = HMACSHA256.authenticationCode(for: salt + counter, key: password)
            var t = u
            var words = BlockState.words(of: u)
            for _ in 1..<iterations {
                words = BlockState.hmac(digestWords: words, inner: inner, outer: outer)
                for i in 0..<8 { t.xorWord(i, words[i]) }
            }
            u = t
            output += u
            blockIndex += 1
        }
        return Array(output.prefix(length))
    }
}

/// A SHA-256 chaining state after whole blocks, and the one-block compression PBKDF2 repeats.
private struct BlockState {
    var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    static let initial = BlockState(h: (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19))

    /// The state after compressing one 64-byte block (a padded HMAC key).
    static func absorbing(_ block: [UInt8]) -> BlockState {
        var w = [UInt32](repeating: 0, count: 64)
        let first = words(of: Array(block[0..<32]))
        let second = words(of: Array(block[32..<64]))
        for t in 0..<8 {
            w[t] = first[t]
            w[t + 8] = second[t]
        }
        var state = initial
        w.withUnsafeMutableBufferPointer { state.compress($0) }
        return state
    }

    static func words(of digest: [UInt8]) -> [UInt32] {
        (0..<8).map { i -> UInt32 in
            var word: UInt32 = 0
            for j in 0..<4 { word = word << 8 | UInt32(digest[i * 4 + j]) }
            return word
        }
    }

    /// HMAC-SHA256 of a 32-byte message (given as 8 words) from the key's pad states: one
    /// block for the inner hash, one for the outer, both with the fixed padding of a 96-byte message.
    static func hmac(digestWords message: [UInt32], inner: BlockState, outer: BlockState) -> [UInt32] {
        var w = [UInt32](repeating: 0, count: 64)
        return w.withUnsafeMutableBufferPointer { w -> [UInt32] in
            var state = inner
            for i in 0..<8 { w[i] = message[i] }
            fillPadding(w)
            state.compress(w)
            let innerDigest = state.array
            state = outer
            for i in 0..<8 { w[i] = innerDigest[i] }
            fillPadding(w)
            state.compress(w)
            return state.array
        }
    }

    /// 0x80, zeros, and the bit length of 64 + 32 bytes: the padding after a 32-byte message.
    private static func fillPadding(_ w: UnsafeMutableBufferPointer<UInt32>) {
        w[8] = 0x8000_0000
        for i in 9..<15 { w[i] = 0 }
        w[15] = (64 + 32) * 8
    }

    var array: [UInt32] { [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7] }

    /// FIPS 180-4 §6.2.2 on the 16 words at the front of `w` (its 64 entries are the schedule).
    mutating func compress(_ w: UnsafeMutableBufferPointer<UInt32>) {
        for t in 16..<64 {
            let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
            let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, hh) = h
        SHA256RoundConstants.values.withUnsafeBufferPointer { k in
            for t in 0..<64 {
                let temp1 = hh &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[t] &+ w[t]
                let temp2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
                hh = g
                g = f
                f = e
                e = d &+ temp1
                d = c
                c = b
                b = a
                a = temp1 &+ temp2
            }
        }
        h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e, h.5 &+ f, h.6 &+ g, h.7 &+ hh)
    }

    @inline(__always) private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}

extension Array where Element == UInt8 {
    /// XORs the big-endian bytes of `word` into the 4 bytes at word index `index`.
    fileprivate mutating func xorWord(_ index: Int, _ word: UInt32) {
        self[index * 4] ^= UInt8(word >> 24)
        self[index * 4 + 1] ^= UInt8(truncatingIfNeeded: word >> 16)
        self[index * 4 + 2] ^= UInt8(truncatingIfNeeded: word >> 8)
        self[index * 4 + 3] ^= UInt8(truncatingIfNeeded: word)
    }
}
