/// Request methods the server knows. Anything else that is a valid token gets 501.
// swift-format-ignore: AlwaysUseLowerCamelCase
// Methods keep their wire spelling, as SwiftNIO's `HTTPMethod` does (`.GET`, `.POST`).
public enum HTTPMethod: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, TRACE, CONNECT

    /// The method's name as sent on the wire.
    public var description: String {
        switch self {
        case .GET: return "GET"
        case .HEAD: return "HEAD"
        case .POST: return "POST"
        case .PUT: return "PUT"
        case .DELETE: return "DELETE"
        case .PATCH: return "PATCH"
        case .OPTIONS: return "OPTIONS"
        case .TRACE: return "TRACE"
        case .CONNECT: return "CONNECT"
        }
    }

    /// Recognises a method from its bytes (case-sensitive, RFC 9110 §9.1).
    static func parse(_ bytes: UnsafeRawBufferPointer) -> HTTPMethod? {
        switch bytes.count {
        case 3:
            if bytes.elementsEqual("GET".utf8) { return .GET }
            if bytes.elementsEqual("PUT".utf8) { return .PUT }
        case 4:
            if bytes.elementsEqual("POST".utf8) { return .POST }
            if bytes.elementsEqual("HEAD".utf8) { return .HEAD }
        case 5:
            if bytes.elementsEqual("PATCH".utf8) { return .PATCH }
            if bytes.elementsEqual("TRACE".utf8) { return .TRACE }
        case 6:
            if bytes.elementsEqual("DELETE".utf8) { return .DELETE }
        case 7:
            if bytes.elementsEqual("OPTIONS".utf8) { return .OPTIONS }
            if bytes.elementsEqual("CONNECT".utf8) { return .CONNECT }
        default: break
        }
        return nil
    }
}

/// Header fields in arrival order; names are stored lower-cased, lookups are case-insensitive.
public struct HTTPHeaders: Sendable, Sequence {
    /// The fields as (lower-cased name, value) pairs.
    public private(set) var fields: [(name: String, value: String)] = []

    /// Empty headers.
    public init() {}

    /// Headers from pairs (names are lower-cased).
    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { ($0.0.lowercased(), $0.1) }
    }

    /// Makes room for `count` fields (a parser's guess, so a head's fields are one allocation).
    mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    /// Appends a field; `name` must already be lower-case.
    mutating func appendLowercased(name: String, value: String) {
        fields.append((name, value))
    }

    /// The first value of `name` (any case), or nil. Stored names are lower-case, so the
    /// comparison folds only `name`, byte by byte, without allocating.
    public subscript(name: String) -> String? {
        for field in fields where HTTPHeaders.equalsFolded(field.name, name) { return field.value }
        return nil
    }

    @inline(__always)
    static func equalsFolded(_ lowercased: String, _ other: String) -> Bool {
        // Most names differ in length: no byte compared (a request's lookups of absent fields
        // walked every field's name byte by byte).
        guard lowercased.utf8.count == other.utf8.count else { return false }
        // Over the contiguous bytes: two UTF-8 view iterators cost ~85 instructions a byte, 1,100
        // for a request's `authorization` lookup.
        var a = lowercased
        var b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in
                for i in 0..<x.count {
                    let byte = y[i]
                    if x[i] != (byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte) { return false }
                }
                return true
            }
        }
    }

    /// The first value of a field whose name is already lower-case (no case folding on the hot path).
    @inline(__always)
    func value(lowercasedName key: String) -> String? {
        for field in fields where field.name == key { return field.value }
        return nil
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { HTTPHeaders.equalsFolded($0.name, name) }.map(\.value)
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }
}

/// A complete request as handed to a route handler.
public struct HTTPRequest: Sendable {
    /// The method.
    public let method: HTTPMethod
    /// The raw path of the target, before the query, not percent-decoded.
    public let path: String
    /// The raw query (after `?`), if any.
    public let query: String?
    /// The minor version (0 or 1) of HTTP/1.x.
    public let minorVersion: Int
    /// The header fields.
    public let headers: HTTPHeaders
    /// The body (already de-chunked); empty when its route spools it to a file.
    public internal(set) var body: [UInt8]
    /// The body written to a file as it arrived, for routes that ask for it (`BodyReception.file`).
    public internal(set) var spooledBody: SpooledBody?
    /// Path parameters captured by the route pattern, percent-decoded.
    public internal(set) var pathParameters: [String: String] = [:]
    /// The request id (echoed from `X-Request-Id` or generated).
    public internal(set) var requestID: String = ""
    /// The matched route's pattern, e.g. `/v1/complaints/{id}`.
    public internal(set) var routePattern: String = ""
    /// The client's IP address as the socket sees it (a proxy's, behind one); empty without a socket.
    public internal(set) var remoteAddress: String = ""
    /// What the application's head filter learnt for the handler (e.g. the caller it
    /// authenticated), so the work is not done twice; the server never looks at it. A reference,
    /// so a request grows by one word and a shared value costs no allocation per request.
    public var context: (any AnyObject & Sendable)?

    /// Makes a request (used by the parser and by tests of handlers without sockets).
    public init(
        method: HTTPMethod, path: String, query: String? = nil, minorVersion: Int = 1, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.minorVersion = minorVersion
        self.headers = headers
        self.body = body
    }

    /// The decoded query parameters (`+` is a space); nil if the query is malformed.
    public var queryParameters: [String: [String]]? {
        guard let query else { return [:] }
        return PercentCoding.parseQuery(query)
    }

    /// The first value of query parameter `name`.
    public func queryValue(_ name: String) -> String? {
        queryParameters?[name]?.first
    }
}

/// A response produced by a handler; the connection adds Date, Server, Content-Length,
/// X-Request-Id, CORS and Connection headers.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The media type of the body, if any.
    public var contentType: String?
    /// Further header fields.
    public var headers: [(String, String)]
    /// The body (omitted on the wire for HEAD, 204 and 304).
    public var body: [UInt8]
    /// A problem to report: when set, the server writes it as the body instead of `body`, with
    /// its type URI under the configured base (see `Problem.response`).
    public var problem: ProblemDetails? {
        get { problemBox?.details }
        set { problemBox = newValue.map(ProblemBox.init) }
    }
    // Boxed: responses are copied on every request, problems are rare.
    private var problemBox: ProblemBox?
    /// Ask the connection to close after this response.
    public var closeConnection = false
    /// The body written later, for a streamed response (`HTTPResponse.stream`).
    var bodyStream: ResponseStream?

    /// Makes a response.
    public init(status: Int, contentType: String? = nil, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    /// A JSON response from already encoded bytes.
    public static func json(_ status: Int = 200, _ body: [UInt8], headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/json", headers: headers, body: body)
    }

    /// The value of a header set on this response, if any (case-insensitive).
    public func header(_ name: String) -> String? {
        let key = name.lowercased()
        return headers.first { $0.0.lowercased() == key }?.1
    }
}

/// Holds a response's problem out of line (see `HTTPResponse.problem`).
private final class ProblemBox: Sendable {
    let details: ProblemDetails
    init(_ details: ProblemDetails) { self.details = details }
}

/// Reason phrases for the status codes this server sends.
public enum HTTPStatus {
    /// The reason phrase for `code`.
    public static func reason(_ code: Int) -> String {
        switch code {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 304: return "Not Modified"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 406: return "Not Acceptable"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 411: return "Length Required"
        case 412: return "Precondition Failed"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 415: return "Unsupported Media Type"
        case 417: return "Expectation Failed"
        case 422: return "Unprocessable Content"
        case 428: return "Precondition Required"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Status \(code)"
        }
    }
}
