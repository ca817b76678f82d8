// Every failure the store reports. Environmental failures are thrown; programmer
// errors (a bad file descriptor, an impossible state) trap instead.

/// Why a store operation failed.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// Another process (or another open store in this process) holds the directory's lock file.
    case locked(path: String)
    /// A bad line before the log's last line: where it is (1-based line, byte offset of the line) and why.
    case corruption(file: String, line: Int, offset: UInt64, reason: String)
    /// A segment the log needs is missing or not what the manifest recorded (file, and why).
    case damaged(file: String, reason: String)
    /// An append could not be made durable. With `restartRequired` false the log was put back to
    /// its last durable record and writes resume once a probe write succeeds; with true the log
    /// could not be put back and only a restart (which re-checks it) lets writes resume.
    case writeFailed(errno: Int32, operation: String, restartRequired: Bool)
    /// The store was closed.
    case closed
    /// A file operation other than appending failed.
    case io(operation: String, path: String, errno: Int32)
    /// The caller passed a record or argument the format cannot hold.
    case invalidRecord(String)

    /// A one-line explanation for logs.
    public var description: String {
        switch self {
        case .locked(let path):
            return "store directory is locked by another process (\(path))"
        case .corruption(let file, let line, let offset, let reason):
            return "corrupt log: \(file) line \(line) (offset \(offset)): \(reason)"
        case .damaged(let file, let reason):
            return "damaged log: \(file): \(reason)"
        case .writeFailed(let errno, let operation, let restartRequired):
            return "append failed: \(operation): \(errnoName(errno))"
                + (restartRequired ? "; the log could not be restored, a restart is needed" : "")
        case .closed:
            return "store is closed"
        case .io(let operation, let path, let errno):
            return "\(operation) \(path): \(errnoName(errno))"
        case .invalidRecord(let reason):
            return "invalid record: \(reason)"
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif

/// "ENOSPC (No space left on device)"-style text for an errno value.
func errnoName(_ code: Int32) -> String {
    String(cString: strerror(code)) + " (errno \(code))"
}
