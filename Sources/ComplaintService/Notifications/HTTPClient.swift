#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What an endpoint answered.
struct ClientResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

/// Why an attempt got no usable answer.
struct ClientError: Error, CustomStringConvertible, Sendable {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Sends one request and returns the response; blocking, for the delivery workers only.
protocol NotificationTransport: Sendable {
    func send(_ request: OutgoingRequest, timeoutSeconds: Double) throws(ClientError) -> ClientResponse
}

/// `http://` over our own HTTP/1.1 client; `https://` over URLSession (Glibc has no TLS).
struct DefaultTransport: NotificationTransport {
    func send(_ request: OutgoingRequest, timeoutSeconds: Double) throws(ClientError) -> ClientResponse {
        if request.url.lowercased().hasPrefix("https://") {
            return try URLSessionTransport().send(request, timeoutSeconds: timeoutSeconds)
        }
        return try HTTPClient.post(request, timeoutSeconds: timeoutSeconds)
    }
}

/// A minimal HTTP/1.1 client over POSIX sockets: one request per connection (`Connection: close`).
enum HTTPClient {
    /// Responses larger than this are refused (robots answer a few hundred bytes).
    static let maxResponseBytes = 1 << 20

    /// POSTs `request` to an `http://` URL within `timeoutSeconds` overall.
    static func post(_ request: OutgoingRequest, timeoutSeconds: Double) throws(ClientError) -> ClientResponse {
        guard let url = URL(string: request.url), url.scheme?.lowercased() == "http", let host = url.host else {
            throw ClientError("not an http:// URL")
        }
        let port = url.port ?? 80
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var target = url.path.isEmpty ? "/" : url.path
        if let query = url.query { target += "?" + query }
        let fd = try connect(host: host, port: port, deadline: deadline)
        defer { Glibc.close(fd) }
        var head = "POST \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: complaintd\r\nConnection: close\r\nContent-Length: \(request.body.count)\r\n"
        for (name, value) in request.headers where !name.contains("\r") && !value.contains("\r") && !value.contains("\n") {
            head += "\(name): \(value)\r\n"
        }
        head += "\r\n"
        try write(fd, Array(head.utf8) + request.body, deadline: deadline)
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            switch ResponseParser.parse(buffer, atEOF: false) {
            case .complete(let response): return response
            case .invalid(let reason): throw ClientError("invalid response: \(reason)")
            case .incomplete: break
            }
            try wait(fd, for: Int16(POLLIN), deadline: deadline, doing: "reading the response")
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw ClientError("recv failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 {
                switch ResponseParser.parse(buffer, atEOF: true) {
                case .complete(let response): return response
                case .invalid(let reason): throw ClientError("invalid response: \(reason)")
                case .incomplete: throw ClientError("the connection closed before the response was complete")
                }
            }
            buffer.append(contentsOf: chunk[0..<n])
            if buffer.count > maxResponseBytes { throw ClientError("response larger than \(maxResponseBytes) bytes") }
        }
    }

    /// Resolves `host` and connects without blocking past `deadline`.
    private static func connect(host: String, port: Int, deadline: Date) throws(ClientError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else { throw ClientError("cannot resolve \(host): \(String(cString: gai_strerror(status)))") }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { lastError = String(cString: strerror(errno)); continue }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
            guard errno == EINPROGRESS else { lastError = String(cString: strerror(errno)); Glibc.close(fd); continue }
            do {
                try wait(fd, for: Int16(POLLOUT), deadline: deadline, doing: "connecting to \(host):\(port)")
            } catch {
                Glibc.close(fd)
                throw error
            }
            var soError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
            if soError == 0 { return fd }
            lastError = String(cString: strerror(soError))
            Glibc.close(fd)
        }
        throw ClientError("cannot connect to \(host):\(port): \(lastError)")
    }

    private static func write(_ fd: Int32, _ bytes: [UInt8], deadline: Date) throws(ClientError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n >= 0 { offset += n; continue }
            if errno == EINTR { continue }
            guard errno == EAGAIN || errno == EWOULDBLOCK else { throw ClientError("send failed: \(String(cString: strerror(errno)))") }
            try wait(fd, for: Int16(POLLOUT), deadline: deadline, doing: "sending the request")
        }
    }

    /// Polls until `events` or the deadline; a timeout is an error naming what was going on.
    private static func wait(_ fd: Int32, for events: Int16, deadline: Date, doing what: String) throws(ClientError) {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw ClientError("timed out \(what)") }
            var descriptor = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining * 1000, 60_000).rounded(.up)))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw ClientError("poll failed: \(String(cString: strerror(errno)))") }
        }
    }
}
