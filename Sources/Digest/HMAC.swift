// HMAC-SHA256 (RFC 2104 with FIPS 180-4 SHA-256), checked against RFC 4231.

/// HMAC-SHA256 of `message` keyed with `key`.
public enum HMACSHA256 {
    /// The 32-byte authentication code.
    public static func authenticationCode(for message: some Sequence<UInt8>, key: some Sequence<UInt8>) -> [UInt8] {
        var block = Array(key)
        // Keys longer than a block are hashed first (RFC 2104 §2); shorter ones are zero-padded.
        if block.count > SHA256.blockLength { block = SHA256.hash(block) }
        block += [UInt8](repeating: 0, count: SHA256.blockLength - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        let innerDigest = inner.finalize()
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(innerDigest)
        return outer.finalize()
    }

    /// Convenience for UTF-8 strings.
    public static func authenticationCode(for message: String, key: String) -> [UInt8] {
        authenticationCode(for: Array(message.utf8), key: Array(key.utf8))
    }
}
