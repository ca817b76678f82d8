#if canImport(Glibc)
    import Glibc
#endif

/// How a route receives its request body.
public enum BodyReception: Sendable, Equatable {
    /// Held in memory as `HTTPRequest.body`, up to `HTTPLimits.maxBodyBytes`.
    case memory
    /// Written to a new file in `directory` as it arrives, so an upload is never held whole in
    /// memory, up to `maxBytes` (413 beyond); the handler reads it through `HTTPRequest.spooledBody`.
    case file(directory: String, maxBytes: Int)

    /// The most a body may hold when it goes to a file; nil for memory.
    var spooledLimit: Int? {
        if case .file(_, let maxBytes) = self { return maxBytes }
        return nil
    }
}

/// A request body the server wrote to a file (see `BodyReception.file`). The file belongs to this
/// value: it is removed when the last reference goes, so a handler that answers later keeps the
/// value for as long as it reads the bytes, and one that wants to keep them moves or copies the
/// file first. Its mode is 0600 (a body may hold personal data).
public final class SpooledBody: Sendable {
    /// Where the bytes are.
    public let path: String
    /// How many bytes the body has (after de-chunking).
    public let length: Int

    init(path: String, length: Int) {
        self.path = path
        self.length = length
    }

    deinit { _ = unlink(path) }
}

/// Writes one arriving body to a fresh file. The connection's state machine holds it while the
/// body arrives; dropped before `finish`, it closes and removes the half-written file.
final class BodySpoolWriter {
    let path: String
    private var descriptor: Int32
    private(set) var written = 0

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// A new, empty, owner-only file in `directory`; nil when it cannot be created.
    static func create(in directory: String) -> BodySpoolWriter? {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4 {
            let name = "body-" + String(generator.next() as UInt64, radix: 16)
            let path = directory + "/" + name
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 { return BodySpoolWriter(path: path, descriptor: fd) }
            if errno != EEXIST { return nil }
        }
        return nil
    }

    /// Appends `bytes`; false when the file system refused them (full, failing).
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard descriptor >= 0, let base = bytes.baseAddress else { return bytes.isEmpty }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(descriptor, base + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            done += n
        }
        written += bytes.count
        return true
    }

    /// Closes the file and hands it over; the writer no longer owns it.
    func finish() -> SpooledBody {
        if descriptor >= 0 { _ = close(descriptor) }
        descriptor = -1
        return SpooledBody(path: path, length: written)
    }

    deinit {
        guard descriptor >= 0 else { return }
        _ = close(descriptor)
        _ = unlink(path)
    }
}
