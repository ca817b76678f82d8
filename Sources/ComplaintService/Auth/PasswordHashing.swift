/// `complaintd hash-password`: the text a user's `passwordHash` holds (see `PasswordHash`).
public enum PasswordHashing {
    /// Iterations used when none are asked for.
    public static let defaultIterations = PasswordHash.defaultIterations
    /// The accepted range of iterations.
    public static let iterationRange = PasswordHash.iterationRange

    /// The `pbkdf2-sha256$<iterations>$<salt>$<key>` text for `password`, with a fresh salt.
    public static func hash(password: String, iterations: Int = defaultIterations) -> String {
        PasswordHash.make(password: password, iterations: iterations).text
    }

    /// Whether `text` is a hash this complaintd accepts and `password` matches it.
    public static func verify(password: String, against text: String) -> Bool {
        PasswordHash(text: text)?.verify(password) ?? false
    }
}
