/// An HTTP request ready to send: the URL (with any signature query parameters), headers, body.
public struct OutgoingRequest: Sendable {
    /// The full URL.
    public var url: String
    /// Header fields beside Host, Content-Length and Connection.
    public var headers: [(String, String)]
    /// The JSON body.
    public var body: [UInt8]

    /// Makes a request.
    public init(url: String, headers: [(String, String)], body: [UInt8]) {
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// What an endpoint answered.
public struct ClientResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The header fields as received.
    public var headers: [(String, String)]
    /// The body (de-chunked).
    public var body: [UInt8]

    /// Makes a response.
    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (any case).
    public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

/// Why an attempt got no usable answer.
public struct ClientError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for the log and `GET /v1/notifications`.
    public let description: String

    /// Makes an error.
    public init(_ description: String) { self.description = description }
}

/// Sends one request and returns the response; blocking, for the delivery workers only.
public protocol NotificationTransport: Sendable {
    /// Sends `request` within `timeoutSeconds` overall.
    func send(_ request: OutgoingRequest, timeoutSeconds: Double) throws(ClientError) -> ClientResponse
}

/// `http://` over our own HTTP/1.1 client; `https://` over URLSession (Glibc has no TLS).
public struct DefaultTransport: NotificationTransport {
    /// Makes the transport.
    public init() {}

    public func send(_ request: OutgoingRequest, timeoutSeconds: Double) throws(ClientError) -> ClientResponse {
        if request.url.lowercased().hasPrefix("https://") {
            return try URLSessionTransport().send(request, timeoutSeconds: timeoutSeconds)
        }
        return try HTTPClient.post(request, timeoutSeconds: timeoutSeconds)
    }
}
