import Foundation
import POSIXIO

/// A minimal HTTP/1.1 client for `http://` endpoints, one request per connection
/// (`Connection: close`), on the POSIXIO calls (resolve, non-blocking connect, poll, send, read).
enum HTTPClient {
    /// POSTs `request` to an `http://` URL within `timeoutSeconds` overall.
    static func post(_ request: OutgoingRequest, timeoutSeconds: Double) throws(ClientError) -> ClientResponse {
        guard let url = URL(string: request.url), url.scheme?.lowercased() == "http", let host = url.host else {
            throw ClientError("not an http:// URL")
        }
        let port = url.port ?? 80
        let deadline = Monotonic.nanoseconds() &+ UInt64(max(0, timeoutSeconds) * 1e9)
        var target = url.path.isEmpty ? "/" : url.path
        if let query = url.query { target += "?" + query }
        let fd = try connect(host: host, port: port, deadline: deadline)
        defer { Syscall.close(fd) }
        var head = "POST \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: complaintd\r\nConnection: close\r\n"
        head += "Content-Length: \(request.body.count)\r\n"
        for (name, value) in request.headers where !name.contains("\r") && !value.contains("\r") && !value.contains("\n") {
            head += "\(name): \(value)\r\n"
        }
        head += "\r\n"
        try write(fd, Array(head.utf8) + request.body, deadline: deadline)
        return try read(fd, deadline: deadline)
    }

    /// Resolves `host` and connects to the first address that answers, before `deadline`.
    private static func connect(host: String, port: Int, deadline: UInt64) throws(ClientError) -> Int32 {
        let addresses: [SocketAddress]
        do { addresses = try ClientSocket.resolve(host: host, port: port) } catch { throw ClientError(error.description) }
        var lastError = "no address"
        for address in addresses {
            let started: (fd: Int32, connected: Bool)
            do { started = try ClientSocket.startConnecting(to: address) } catch {
                lastError = error.description
                continue
            }
            if started.connected { return started.fd }
            do {
                try wait(started.fd, for: Poll.output, deadline: deadline, doing: "connecting to \(host):\(port)")
            } catch {
                Syscall.close(started.fd)
                throw error
            }
            let code = ClientSocket.pendingError(started.fd)
            if code == 0 { return started.fd }
            lastError = SystemCallError(call: "connect", errno: code).description
            Syscall.close(started.fd)
        }
        throw ClientError("cannot connect to \(host):\(port): \(lastError)")
    }

    private static func write(_ fd: Int32, _ bytes: [UInt8], deadline: UInt64) throws(ClientError) {
        var offset = 0
        while offset < bytes.count {
            let result: IOResult
            do {
                result = try bytes.withUnsafeBytes { raw throws(SystemCallError) in
                    try Syscall.send(fd, UnsafeRawBufferPointer(rebasing: raw[offset...]))
                }
            } catch {
                throw ClientError("\(error)")
            }
            switch result {
            case .processed(let count): offset += count
            case .wouldBlock: try wait(fd, for: Poll.output, deadline: deadline, doing: "sending the request")
            }
        }
    }

    private static func read(_ fd: Int32, deadline: UInt64) throws(ClientError) -> ClientResponse {
        var reader = ResponseReader()
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let result: IOResult
            do {
                result = try chunk.withUnsafeMutableBytes { raw throws(SystemCallError) in try Syscall.read(fd, into: raw) }
            } catch {
                throw ClientError("\(error)")
            }
            switch result {
            case .wouldBlock:
                try wait(fd, for: Poll.input, deadline: deadline, doing: "reading the response")
            case .processed(let count):
                let outcome = count == 0 ? reader.finish() : chunk.withUnsafeBytes { reader.feed(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                switch outcome {
                case .complete(let response): return response
                case .invalid(let reason): throw ClientError("invalid response: \(reason)")
                case .incomplete:
                    if count == 0 { throw ClientError("the connection closed before the response was complete") }
                }
            }
        }
    }

    /// Polls until ready or the deadline; a timeout is an error naming what was going on.
    private static func wait(_ fd: Int32, for events: Int16, deadline: UInt64, doing what: String) throws(ClientError) {
        while true {
            let now = Monotonic.nanoseconds()
            guard now < deadline else { throw ClientError("timed out \(what)") }
            let milliseconds = Int32(min((deadline - now) / 1_000_000 + 1, 60_000))
            do {
                if try Poll.wait(fd, for: events, timeoutMilliseconds: milliseconds) { return }
            } catch {
                throw ClientError(error.description)
            }
        }
    }
}
