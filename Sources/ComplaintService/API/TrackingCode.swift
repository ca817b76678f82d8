import ComplaintDomain
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The owner's secret: 128 bits from the system's CSPRNG, as 32 hex digits.
enum TrackingCode {
    /// Kernel randomness fetched 16 codes at a time: a `getrandom` call per 64-bit word (two per
    /// create) was 1 % of a create's CPU. The bytes are as secret as the codes made from them.
    private static let pool = Mutex(RandomPool())

    static func make() -> String {
        let (high, low) = pool.withLock { $0.next() }
        return TrackingIndex.Code(high: high, low: low).text
    }
}

/// Words of kernel randomness, refilled with one `getentropy` (getrandom) of 256 bytes, the most
/// it gives in one call.
struct RandomPool {
    private var words = [UInt64](repeating: 0, count: 32)
    private var used = 32

    /// Two fresh words; never handed out twice.
    mutating func next() -> (UInt64, UInt64) {
        if used + 2 > words.count { refill() }
        defer { used += 2 }
        return (words[used], words[used + 1])
    }

    private mutating func refill() {
        let filled = words.withUnsafeMutableBytes { buffer in getentropy(buffer.baseAddress, buffer.count) == 0 }
        if !filled {
            // Interrupted or unavailable: the standard library's generator (getrandom word by word).
            var generator = SystemRandomNumberGenerator()
            for index in words.indices { words[index] = generator.next() }
        }
        used = 0
    }
}
