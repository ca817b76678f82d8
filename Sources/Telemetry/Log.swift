#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A value in a structured log line.
public enum LogValue: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
}

/// JSON-lines logging to stdout: one object per line with `time`, `level`, `msg` and fields.
/// Writes are serialised by a lock so lines from different threads never interleave.
public final class Log: Sendable {
    /// The process-wide logger writing to stdout.
    public static let shared = Log(fd: 1)

    private let fd: Int32
    private let lock = Mutex<Void>(())
    private let minimumLevel = Atomic<Int>(0)

    /// Makes a logger writing to `fd`.
    public init(fd: Int32) {
        self.fd = fd
    }

    /// Drops lines below `level` ("debug" < "info" < "warn" < "error").
    public func setMinimumLevel(_ level: String) {
        minimumLevel.store(Log.rank(level), ordering: .relaxed)
    }

    private static func rank(_ level: String) -> Int {
        switch level {
        case "debug": return 0
        case "info": return 1
        case "warn": return 2
        default: return 3
        }
    }

    /// Writes one line: `{"time":…,"level":…,"msg":…, fields…}`.
    public func log(_ level: String, _ message: String, _ fields: [(String, LogValue)] = []) {
        guard Log.rank(level) >= minimumLevel.load(ordering: .relaxed) else { return }
        var line: [UInt8] = []
        line.reserveCapacity(256)
        line.append(contentsOf: #"{"time":"#.utf8)
        Timestamp.appendISO8601(millisecondsSinceEpoch: Timestamp.nowMilliseconds(), to: &line)
        line.append(contentsOf: #","level":"#.utf8)
        JSONText.appendString(level, to: &line)
        line.append(contentsOf: #","msg":"#.utf8)
        JSONText.appendString(message, to: &line)
        for (key, value) in fields {
            line.append(UInt8(ascii: ","))
            JSONText.appendString(key, to: &line)
            line.append(UInt8(ascii: ":"))
            switch value {
            case .string(let s): JSONText.appendString(s, to: &line)
            case .int(let i): JSONText.appendInteger(i, to: &line)
            case .double(let d): JSONText.appendDecimal(d, to: &line)
            case .bool(let b): line.append(contentsOf: (b ? "true" : "false").utf8)
            }
        }
        line.append(contentsOf: "}\n".utf8)
        writeLines(line)
    }

    /// Informational line.
    public func info(_ message: String, _ fields: [(String, LogValue)] = []) { log("info", message, fields) }
    /// Warning line.
    public func warn(_ message: String, _ fields: [(String, LogValue)] = []) { log("warn", message, fields) }
    /// Error line.
    public func error(_ message: String, _ fields: [(String, LogValue)] = []) { log("error", message, fields) }

    /// Writes already formatted, newline-terminated lines in one locked write.
    public func writeLines(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        lock.withLock { _ in
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return  // stdout gone: logging must never take the service down
                    }
                    offset += n
                }
            }
        }
    }
}
