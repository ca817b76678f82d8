/// How important a log line is; a logger drops lines below its minimum level.
public enum LogLevel: String, Sendable, CaseIterable, Comparable {
    /// Detail for developers.
    case debug
    /// Normal operation, including one access line per request.
    case info
    /// Something went wrong but the service carries on.
    case warn
    /// Something failed and needs attention.
    case error

    /// The order used for filtering (debug < info < warn < error).
    @usableFromInline var rank: UInt8 {
        switch self {
        case .debug: return 0
        case .info: return 1
        case .warn: return 2
        case .error: return 3
        }
    }

    /// Orders levels by importance.
    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rank < b.rank }
}
