/// Parser limits (defaults as nginx-like strictness asks: 8 KiB request line, 16 KiB / 100 header fields, 1 MiB body).
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request line in bytes (→ 414).
    public var maxRequestLineBytes = 8 * 1024
    /// Largest header section in bytes, request line included (→ 431).
    public var maxHeaderBytes = 16 * 1024
    /// Most header fields (→ 431).
    public var maxHeaderCount = 100
    /// Largest request body in bytes (→ 413).
    public var maxBodyBytes = 1024 * 1024
    /// Most requests a pipelining client may have in flight before the server stops reading.
    public var maxPipelinedRequests = 32

    /// The defaults.
    public init() {}
}

/// Connection timeouts, in seconds.
public struct HTTPTimeouts: Sendable, Equatable {
    /// The whole header section must arrive within this (slow-loris clients are cut off; 408).
    public var headerSeconds: Double = 10
    /// Longest pause while a body is being received (408).
    public var bodyIdleSeconds: Double = 30
    /// How long an idle keep-alive connection stays open.
    public var keepAliveSeconds: Double = 60
    /// Longest pause while a response is written to a client that does not read.
    public var writeIdleSeconds: Double = 30

    /// The defaults.
    public init() {}
}

/// Which browser origins may call the API (CORS).
public struct CORSPolicy: Sendable, Equatable {
    /// Allowed origins, e.g. `https://app.example.com`; `*` allows any.
    public var allowedOrigins: [String] = []
    /// Request headers a browser may send.
    public var allowedHeaders = ["Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key", "X-Request-Id", "Accept"]
    /// Response headers a browser script may read: a console that fetches a CSV with its token
    /// needs `Content-Disposition` for the file name and the export's paging headers.
    public var exposedHeaders = [
        "ETag", "Location", "X-Request-Id", "Retry-After", "Content-Disposition", "Link", "X-Next-Cursor",
        "X-Total-Count", "X-Total-Is-Lower-Bound",
    ]
    /// How long a preflight answer may be cached, in seconds.
    public var maxAgeSeconds = 600

    /// No origins allowed.
    public init(allowedOrigins: [String] = []) {
        self.allowedOrigins = allowedOrigins
    }

    /// The value for Access-Control-Allow-Origin for `origin`, or nil if not allowed.
    public func allowOriginValue(for origin: String) -> String? {
        if allowedOrigins.contains(origin) { return origin }
        if allowedOrigins.contains("*") { return "*" }
        return nil
    }
}

/// Everything the server needs to know.
public struct HTTPServerConfiguration: Sendable {
    /// Address to listen on (IPv4/IPv6 literal or `localhost`).
    public var host = "127.0.0.1"
    /// Port (0 = any free port; the server reports the one it got).
    public var port = 8080
    /// Event-loop threads; they share one listening socket and take turns with new connections.
    public var eventLoops = 1
    /// Most open connections; beyond it new ones get 503 and are closed.
    public var maxConnections = 20_000
    /// Parser limits.
    public var limits = HTTPLimits()
    /// Timeouts.
    public var timeouts = HTTPTimeouts()
    /// CORS policy.
    public var cors = CORSPolicy()
    /// The `Server` header value.
    public var serverName = "complaintd"
    /// Write one JSON line per request to the log (at `info`: none when the level is above it).
    public var accessLog = true
    /// The base of every problem `type` URI; a problem's slug is appended (`…/not-found`).
    public var problemTypeBase = Problem.defaultTypeBase

    /// The defaults.
    public init() {}
}
