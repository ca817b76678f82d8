import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Token files: the admin token in the data directory, or any token file a configuration names.
/// One that group or others may read is refused at start-up (exit code 2): tightening its mode
/// would not undo a read that may already have happened, so the operator must replace the token.
/// New ones are created owner-only (0600) in one step, never readable for a moment.
enum SecretFiles {
    /// Refuses to start when `<data>/admin.token` exists and is not private.
    static func checkAdminToken(dataDirectory: String) throws {
        let path = adminTokenPath(dataDirectory: dataDirectory)
        if FileManager.default.fileExists(atPath: path) { try check(path) }
    }

    static func adminTokenPath(dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("admin.token")
    }

    /// Throws when the file (a link is followed) can be read or written by group or others.
    static func check(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw StartupError("cannot read the token file \(path): \(String(cString: strerror(errno)))")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw StartupError(
                """
                the token file \(path) is readable by group or others (mode \(String(mode, radix: 8))); \
                replace the token (others may have read it) and make the file private: chmod 600 \(path)
                """)
        }
    }

    /// The file's contents without surrounding whitespace, after `check`; nil if it does not exist.
    static func read(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        try check(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StartupError("cannot read the token file \(path)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Creates the file with mode 0600 (whatever the umask), writes `text` and syncs it.
    static func create(_ path: String, text: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StartupError("cannot create the token file \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw StartupError("cannot write the token file \(path): \(String(cString: strerror(errno)))") }
            written += n
        }
        guard fsync(descriptor) == 0 else { throw StartupError("cannot sync the token file \(path): \(String(cString: strerror(errno)))") }
    }
}
