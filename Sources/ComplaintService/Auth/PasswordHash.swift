import Digest
import Foundation

/// A staff password as the configuration stores it: never the password, only a PBKDF2-HMAC-SHA256
/// hash in the text form `pbkdf2-sha256$<iterations>$<salt>$<key>` — salt (16 random bytes) and
/// derived key (32 bytes) in standard Base64 — e.g.
/// `pbkdf2-sha256$600000$3q2+7wAAAAAAAAAAAAAAAA==$…`. `complaintd hash-password` prints one.
struct PasswordHash: Sendable, Equatable {
    /// The text form's prefix, naming the algorithm.
    static let scheme = "pbkdf2-sha256"
    /// Iterations of new hashes: OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
    static let defaultIterations = 600_000
    /// Fewer iterations than this are refused (a hash that cheap protects nothing); more than
    /// the maximum would let one sign-in hold a core for minutes.
    static let iterationRange = 1_000...10_000_000

    let iterations: Int
    let salt: [UInt8]
    let key: [UInt8]

    /// Hashes `password` with a fresh random salt.
    static func make(password: String, iterations: Int = defaultIterations) -> PasswordHash {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let key = PBKDF2SHA256.deriveKey(password: Array(password.utf8), salt: salt, iterations: iterations)
        return PasswordHash(iterations: iterations, salt: salt, key: key)
    }

    /// Reads the text form; nil when it is not one (wrong scheme, iterations out of range, bad Base64).
    init?(text: String) {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme, let iterations = Int(parts[1]), Self.iterationRange.contains(iterations),
            let salt = Data(base64Encoded: String(parts[2])), salt.count >= 8, salt.count <= 64,
            let key = Data(base64Encoded: String(parts[3])), key.count == 32
        else { return nil }
        self.init(iterations: iterations, salt: Array(salt), key: Array(key))
    }

    init(iterations: Int, salt: [UInt8], key: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.key = key
    }

    /// The text form stored in the configuration.
    var text: String {
        "\(Self.scheme)$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// Whether `password` is the one hashed (compared in constant time). Takes as long as the
    /// iterations say: call it off the event loops.
    func verify(_ password: String) -> Bool {
        constantTimeEquals(PBKDF2SHA256.deriveKey(password: Array(password.utf8), salt: salt, iterations: iterations), key)
    }
}
