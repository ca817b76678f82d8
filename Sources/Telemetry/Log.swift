import Synchronization

/// A value in a structured log line; each field name keeps one JSON type across all lines.
public enum LogValue: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// A JSON string.
    case string(String)
    /// A JSON integer.
    case int(Int)
    /// A JSON number with up to six decimals.
    case double(Double)
    /// A JSON boolean.
    case bool(Bool)

    /// A string field.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer field.
    public init(integerLiteral value: Int) { self = .int(value) }

    /// Types a field that arrives as text (the store hands every field over as a string): a
    /// plain integer or decimal becomes a number, anything else stays text.
    public static func parsing(_ text: String) -> LogValue {
        if let integer = Int(text) { return .int(integer) }
        let numeric =
            !text.isEmpty
            && text.utf8.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
        if numeric, let decimal = Double(text), decimal.isFinite { return .double(decimal) }
        return .string(text)
    }
}

/// JSON-lines logging: one object per line with `time`, `level`, `msg` and camelCase fields.
/// Lines go to a bounded buffer written by a thread of its own, so logging never blocks the
/// caller; when the output cannot keep up, lines are dropped and counted (`droppedLines`).
public final class Log: Sendable {
    /// The process-wide logger writing to stdout.
    public static let shared = Log(fd: 1)
    /// How many bytes of lines may wait for a slow output before lines are dropped.
    public static let defaultBufferBytes = 1 << 20

    private let sink: LogSink
    @usableFromInline let minimumRank = Atomic<UInt8>(LogLevel.debug.rank)

    /// Makes a logger writing to `fd` (not closed by the logger) through a buffer of `bufferBytes`.
    public init(fd: Int32, bufferBytes: Int = Log.defaultBufferBytes) {
        sink = LogSink(fd: fd, capacity: bufferBytes)
    }

    deinit { sink.close() }

    /// Drops lines below `level` from now on.
    public func setMinimumLevel(_ level: LogLevel) {
        minimumRank.store(level.rank, ordering: .relaxed)
    }

    /// Whether a line at `level` would be written (callers skip building lines that would not).
    @inlinable
    public func isEnabled(_ level: LogLevel) -> Bool {
        level.rank >= minimumRank.load(ordering: .relaxed)
    }

    /// Writes one line: `{"time":…,"level":…,"msg":…, fields…}`.
    public func log(_ level: LogLevel, _ message: String, _ fields: [(String, LogValue)] = []) {
        guard isEnabled(level) else { return }
        var line: [UInt8] = []
        line.reserveCapacity(256)
        line.append(contentsOf: #"{"time":"#.utf8)
        Timestamp.appendISO8601(millisecondsSinceEpoch: Timestamp.nowMilliseconds(), to: &line)
        line.append(contentsOf: #","level":""#.utf8)
        line.append(contentsOf: level.rawValue.utf8)
        line.append(contentsOf: #"","msg":"#.utf8)
        JSONText.appendString(message, to: &line)
        for (key, value) in fields {
            assert(Log.isCamelCase(key), "log field names are camelCase: \(key)")
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
        sink.enqueue(line)
    }

    /// Debugging line.
    public func debug(_ message: String, _ fields: [(String, LogValue)] = []) { log(.debug, message, fields) }
    /// Informational line.
    public func info(_ message: String, _ fields: [(String, LogValue)] = []) { log(.info, message, fields) }
    /// Warning line.
    public func warn(_ message: String, _ fields: [(String, LogValue)] = []) { log(.warn, message, fields) }
    /// Error line.
    public func error(_ message: String, _ fields: [(String, LogValue)] = []) { log(.error, message, fields) }

    /// Queues already formatted, newline-terminated lines (the access log's blocks); never blocks.
    public func writeLines(_ bytes: [UInt8]) {
        sink.enqueue(bytes)
    }

    /// Lines lost because the output could not keep up or was gone (`log_lines_dropped_total`).
    public var droppedLines: UInt64 { sink.droppedLines }

    /// Waits at most `timeoutSeconds` for queued lines to be written; true when all were.
    /// Shutdown calls it so a blocked output can delay the exit only that long.
    @discardableResult
    public func flush(timeoutSeconds: Double) -> Bool {
        sink.flush(timeoutSeconds: timeoutSeconds)
    }

    /// `requestId`, not `request_id` or `RequestID`: one key style for every line.
    static func isCamelCase(_ key: String) -> Bool {
        guard let first = key.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return false }
        return key.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
        }
    }
}
