// SHA-256 (FIPS 180-4 §6.2), written here because the package has no dependencies and Glibc
// offers no digest. Used to sign webhook bodies and robot requests, and to name attachments by
// their content (a 10 MiB photo is hashed as it is stored, so whole blocks are compressed straight
// from the caller's buffer: no per-byte append, no heap allocation per block).

/// An incremental SHA-256 hash: `update` with bytes as they come, then `finalize` once.
public struct SHA256: Sendable {
    /// The digest length in bytes.
    public static let digestLength = 32
    /// The block length in bytes (HMAC pads keys to this).
    public static let blockLength = 64

    private var state = SHA256State()
    /// A partial block (fewer than 64 bytes) waiting for more input.
    private var pending = SHA256Block()
    private var pendingCount = 0
    private var totalBytes: UInt64 = 0

    /// Starts a new hash.
    public init() {}

    /// The digest of `bytes` in one call.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Feeds more message bytes.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done != nil { return }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096)
        for byte in bytes {
            buffer.append(byte)
            if buffer.count == 4096 {
                buffer.withUnsafeBytes { update($0) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        buffer.withUnsafeBytes { update($0) }
    }

    /// Feeds more message bytes from raw memory: whole blocks are compressed in place.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        totalBytes &+= UInt64(bytes.count)
        var offset = 0
        if pendingCount > 0 {
            let take = min(SHA256.blockLength - pendingCount, bytes.count)
            pending.copy(from: base, count: take, at: pendingCount)
            pendingCount += take
            offset = take
            guard pendingCount == SHA256.blockLength else { return }
            pending.withBytes { state.compress($0) }
            pendingCount = 0
        }
        while bytes.count - offset >= SHA256.blockLength {
            state.compress(base + offset)
            offset += SHA256.blockLength
        }
        if offset < bytes.count {
            pending.copy(from: base + offset, count: bytes.count - offset, at: 0)
            pendingCount = bytes.count - offset
        }
    }

    /// Pads (0x80, zeros, the bit length big-endian) and returns the 32-byte digest.
    public mutating func finalize() -> [UInt8] {
        let bitLength = totalBytes &* 8
        var tail = [UInt8](repeating: 0, count: pendingCount < 56 ? 64 : 128)
        pending.withBytes { block in
            for index in 0..<pendingCount { tail[index] = block.load(fromByteOffset: index, as: UInt8.self) }
        }
        tail[pendingCount] = 0x80
        for index in 0..<8 { tail[tail.count - 1 - index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(8 * index)) }
        tail.withUnsafeBytes { raw in
            for start in stride(from: 0, to: raw.count, by: SHA256.blockLength) { state.compress(raw.baseAddress! + start) }
        }
        pendingCount = 0
        return state.digest
    }
}

/// The eight working words, kept inline (no array, so no bounds checks or copy-on-write).
private struct SHA256State: Sendable {
    var h0: UInt32 = 0x6a09e667, h1: UInt32 = 0xbb67ae85, h2: UInt32 = 0x3c6ef372, h3: UInt32 = 0xa54ff53a
    var h4: UInt32 = 0x510e527f, h5: UInt32 = 0x9b05688c, h6: UInt32 = 0x1f83d9ab, h7: UInt32 = 0x5be0cd19

    var digest: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(SHA256.digestLength)
        for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
            out.append(UInt8(truncatingIfNeeded: word >> 24))
            out.append(UInt8(truncatingIfNeeded: word >> 16))
            out.append(UInt8(truncatingIfNeeded: word >> 8))
            out.append(UInt8(truncatingIfNeeded: word))
        }
        return out
    }

    /// One 64-byte block at `block` (FIPS 180-4 §6.2.2); the schedule lives on the stack.
    mutating func compress(_ block: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for t in 0..<16 {
                w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
            }
            for t in 16..<64 {
                let x = w[t - 15]
                let y = w[t - 2]
                let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
                let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var a = h0
            var b = h1
            var c = h2
            var d = h3
            var e = h4
            var f = h5
            var g = h6
            var h = h7
            SHA256RoundConstants.values.withUnsafeBufferPointer { k in
                for t in 0..<64 {
                    let sum1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                    let choose = (e & f) ^ (~e & g)
                    let temp1 = h &+ sum1 &+ choose &+ k[t] &+ w[t]
                    let sum0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    h = g
                    g = f
                    f = e
                    e = d &+ temp1
                    d = c
                    c = b
                    b = a
                    a = temp1 &+ sum0 &+ majority
                }
            }
            h0 &+= a
            h1 &+= b
            h2 &+= c
            h3 &+= d
            h4 &+= e
            h5 &+= f
            h6 &+= g
            h7 &+= h
        }
    }

    @inline(__always) private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}

/// The 64 round constants (FIPS 180-4 §4.2.2), shared by the hasher and PBKDF2's compression.
enum SHA256RoundConstants {
    static let values: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]
}

/// A 64-byte partial block held inline (eight words), so a hasher never allocates per update.
private struct SHA256Block: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

    mutating func copy(from source: UnsafeRawPointer, count: Int, at offset: Int) {
        withUnsafeMutableBytes(of: &words) { raw in
            raw.baseAddress!.advanced(by: offset).copyMemory(from: source, byteCount: count)
        }
    }

    func withBytes<T>(_ body: (UnsafeRawPointer) -> T) -> T {
        withUnsafeBytes(of: words) { body($0.baseAddress!) }
    }
}

/// Lower-case hexadecimal, as in `X-Signature: sha256=<hex>`.
public func hexString<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
}
