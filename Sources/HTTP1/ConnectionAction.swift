/// What a connection's state machine asks its socket code to do, in order.
enum ConnectionAction {
    /// Call `handler` with `request`; its response comes back as `responseReady(slot:)`.
    case dispatch(HTTPRequest, HTTPHandler, slot: UInt64)
    /// Serialise `response` to the request described by `info`, with `Connection: close` unless `keepAlive`.
    case write(HTTPResponse, RequestInfo, keepAlive: Bool)
    /// Send the interim `100 Continue` (the client waits for it before sending the body).
    case writeContinue
    /// Stop watching for input: the pipeline is full, or the connection is finishing.
    case stopReading
    /// Watch for input again.
    case resumeReading
    /// After the last response: shut down the sending side, then read and discard for a moment
    /// — closing with unread input would reset the connection and could destroy the response
    /// before the client reads it.
    case lingeringClose
    /// Close the socket now.
    case close
}

/// What the connection remembers about a request until its response is written.
struct RequestInfo {
    var method: HTTPMethod?
    var path: String
    var routeIndex: Int32
    var requestID: String
    var start: UInt64
    var minorVersion: Int
    var keepAlive: Bool
    var origin: String?
    var redactsPath: Bool
    /// `Accept-Language`, for the language of a problem answer.
    var acceptLanguage: String? = nil

    /// For a response that answers no parsed request (a parse failure, a timeout, the connection cap).
    static func unparsed(requestID: String, start: UInt64) -> RequestInfo {
        RequestInfo(
            method: nil, path: "-", routeIndex: -1, requestID: requestID, start: start, minorVersion: 1,
            keepAlive: false, origin: nil, redactsPath: false)
    }
}

/// What a connection's state machine needs from its loop: the monotonic time (a manual clock in
/// tests) and fresh request ids.
protocol ConnectionEnvironment: AnyObject {
    /// Monotonic nanoseconds.
    var now: UInt64 { get }
    /// A new request id.
    func makeRequestID() -> String
}

/// Which deadline a connection is waiting on; each has its own timeout.
enum ConnectionDeadline: Equatable {
    /// The whole head of a request must arrive (slow-loris clients get 408), or a new
    /// connection must start sending.
    case header
    /// The body must keep coming (408 when it stalls).
    case bodyIdle
    /// An idle keep-alive connection is closed.
    case keepAlive
    /// A client that does not read our response is cut off.
    case writeIdle
    /// The lingering close ends.
    case linger
}

/// Validates an incoming X-Request-Id before echoing it (no header injection, bounded length).
enum RequestID {
    static func accept(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value.utf8.count <= 128,
            value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return nil }
        return value
    }
}

/// Seconds from the configuration to monotonic nanoseconds.
@inline(__always)
func nanoseconds(_ seconds: Double) -> UInt64 {
    UInt64(max(0, seconds) * 1_000_000_000)
}
