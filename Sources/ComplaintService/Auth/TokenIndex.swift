import Digest

/// A configured user's principal held by reference, so that the head filter can hand the caller
/// it found to the handler through `HTTPRequest.context` without allocating or copying.
final class AuthenticatedCaller: Sendable {
    let principal: Principal
    init(_ principal: Principal) { self.principal = principal }
}

/// Finds the user a bearer token belongs to with one keyed hash and one dictionary lookup,
/// whatever the size of the roster (a property group configures thousands of staff and clients).
///
/// The dictionary is keyed by the SipHash-2-4 tag of the token under a random 128-bit key made
/// when the process starts, so where a presented token lands says nothing about how close it is
/// to a real one: a near guess hashes to something unrelated. The token found there is then
/// compared with the presented one in constant time, so only the exact token gets in. Timing
/// depends only on the presented token's length. (HMAC-SHA-256 would do the same job at ~1 µs a
/// lookup here against SipHash's ~35 ns, more than the linear scan it replaces cost with a
/// handful of users.)
struct TokenIndex: Sendable {
    private struct Entry: Sendable {
        let token: [UInt8]
        let caller: AuthenticatedCaller
    }

    private let hasher: SipHash24
    private let entries: [UInt64: Entry]

    /// Indexes `tokens` (token, caller) under a fresh random key. Tokens are unique
    /// (`UserConfiguration` refuses duplicates); were one repeated, the later user would win,
    /// as with the linear scan this replaces.
    init(_ tokens: [(token: [UInt8], caller: AuthenticatedCaller)]) {
        while true {
            let hasher = SipHash24(key: Self.randomKey())!
            var entries: [UInt64: Entry] = [:]
            entries.reserveCapacity(tokens.count)
            var collided = false
            for (token, caller) in tokens {
                let tag = hasher.hash(token)
                // Two different tokens with one tag (odds ~n²/2⁶⁵): draw another key.
                if let earlier = entries[tag], earlier.token != token {
                    collided = true
                    break
                }
                entries[tag] = Entry(token: token, caller: caller)
            }
            if !collided {
                self.hasher = hasher
                self.entries = entries
                return
            }
        }
    }

    /// The caller whose token is exactly `presented`, or nil.
    func caller(presenting presented: UnsafeRawBufferPointer) -> AuthenticatedCaller? {
        guard let entry = entries[hasher.hash(presented)] else { return nil }
        return entry.token.withUnsafeBytes { constantTimeEquals($0, presented) } ? entry.caller : nil
    }

    /// The caller whose token is exactly `presented`, or nil.
    func caller(presenting presented: [UInt8]) -> AuthenticatedCaller? {
        presented.withUnsafeBytes { caller(presenting: $0) }
    }

    /// 16 bytes from the kernel's random source (`getrandom`, as `SystemRandomNumberGenerator` uses).
    static func randomKey() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}

/// Compares without an early exit, so the time taken does not depend on where bytes differ.
func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.withUnsafeBytes { a in b.withUnsafeBytes { b in constantTimeEquals(a, b) } }
}

/// Compares raw bytes without an early exit; the time depends only on the longer length.
func constantTimeEquals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    // The whole length difference counts: truncated to a byte, a token followed by 256 NULs
    // (which the zero padding below compares equal) would have matched.
    var difference = UInt(bitPattern: a.count ^ b.count)
    let count = max(a.count, b.count)
    for i in 0..<count {
        let x = i < a.count ? a[i] : 0
        let y = i < b.count ? b[i] : 0
        difference |= UInt(x ^ y)
    }
    return difference == 0
}
