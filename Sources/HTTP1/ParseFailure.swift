/// Why a request could not be parsed; each case maps to one status code and closes the connection.
public enum ParseFailure: Error, Equatable, Sendable {
    /// Malformed syntax or framing (400).
    case badRequest(String)
    /// Request line longer than the limit (414).
    case uriTooLong
    /// Header section or field count over the limit (431).
    case headersTooLarge(String)
    /// Body over the limit (413).
    case bodyTooLarge
    /// A method or transfer coding we do not implement (501).
    case notImplemented(String)
    /// An HTTP version other than 1.x (505).
    case versionNotSupported
    /// An Expect value other than 100-continue (417).
    case expectationFailed

    /// The status code sent for this failure.
    public var status: Int {
        switch self {
        case .badRequest: return 400
        case .uriTooLong: return 414
        case .headersTooLarge: return 431
        case .bodyTooLarge: return 413
        case .notImplemented: return 501
        case .versionNotSupported: return 505
        case .expectationFailed: return 417
        }
    }

    /// A stable slug for the problem type.
    public var slug: String {
        switch self {
        case .badRequest: return "bad-request"
        case .uriTooLong: return "uri-too-long"
        case .headersTooLarge: return "header-fields-too-large"
        case .bodyTooLarge: return "content-too-large"
        case .notImplemented: return "not-implemented"
        case .versionNotSupported: return "http-version-not-supported"
        case .expectationFailed: return "expectation-failed"
        }
    }

    /// A sentence for the problem's detail.
    public var detail: String {
        switch self {
        case .badRequest(let reason): return reason
        case .uriTooLong: return "The request line is longer than the server accepts."
        case .headersTooLarge(let reason): return reason
        case .bodyTooLarge: return "The request body is larger than the server accepts."
        case .notImplemented(let reason): return reason
        case .versionNotSupported: return "Only HTTP/1.0 and HTTP/1.1 are supported."
        case .expectationFailed: return "Only the 100-continue expectation is supported."
        }
    }
}

/// How the body of a request is delimited.
public enum BodyFraming: Equatable, Sendable {
    /// No body.
    case none
    /// Exactly this many bytes.
    case length(Int)
    /// Transfer-Encoding: chunked.
    case chunked
}

/// A parsed request head: the request line, the fields and the framing decisions.
struct RequestHead {
    var method: HTTPMethod
    var path: String
    var query: String?
    var minorVersion: Int
    var headers: HTTPHeaders
    var framing: BodyFraming
    var keepAlive: Bool
    var expectsContinue: Bool
    var isAsteriskForm: Bool
}

/// The outcome of feeding bytes to the head parser.
enum HeadParseResult {
    /// Not enough bytes yet.
    case incomplete
    /// A whole head; `consumed` bytes belong to it.
    case complete(RequestHead, consumed: Int)
    /// The bytes can never become a valid request.
    case failed(ParseFailure)
}
