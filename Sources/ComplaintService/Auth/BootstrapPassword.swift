import Foundation
import Telemetry

/// The generated admin's console password, beside `admin.token` when no users are configured:
/// `<data>/admin.password`, created once with mode 0600 (a looser file is refused at start-up,
/// like the token). The log names the file, never the password. Configure users with a
/// `passwordHash` (`complaintd hash-password`) to replace it.
enum BootstrapPassword {
    static func path(dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("admin.password")
    }

    /// The password in the file, creating the file with a fresh one the first time.
    static func readOrCreate(dataDirectory: String, log: Log) throws -> String {
        let path = path(dataDirectory: dataDirectory)
        if let existing = try SecretFiles.read(path), existing.count >= 12 { return existing }
        // 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I): about 90 bits.
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        let password = String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        try? FileManager.default.removeItem(atPath: path)  // one too short to use
        try SecretFiles.create(path, text: password + "\n")
        log.info(
            "no users configured: created the admin's console password",
            [
                ("path", .string(path)), ("user", .string("admin")),
                ("hint", .string("sign in at http://HOST:PORT/console/ as admin with the password in \(path)")),
            ])
        return password
    }
}
