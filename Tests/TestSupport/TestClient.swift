import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking loopback client for tests: send raw bytes, read raw responses.
/// Shared by the test targets (a library target, since test targets cannot import each other).
public final class TestClient {
    public let fd: Int32

    public init(port: Int, timeoutSeconds: Int = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        // No close here: the properties are all set, so a throw runs deinit, which closes fd. Closing it
        // twice would close whatever descriptor another test got with the same number meanwhile.
        guard result == 0 else { throw TestError("connect to \(port) failed: \(errno)") }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { if fd >= 0 { close(fd) } }

    public func send(_ text: String) { send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    private var buffer: [UInt8] = []
    /// True once the server closed its side.
    public private(set) var sawEOF = false

    /// Reads more bytes; false on EOF or timeout.
    @discardableResult
    public func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
        if n <= 0 {
            sawEOF = n == 0
            return false
        }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    /// Reads one response (head + Content-Length body, or interim 1xx with no body); `bodyless` for HEAD.
    public func readResponse(bodyless: Bool = false) -> TestResponse? {
        while true {
            if let response = TestResponse.parse(&buffer, bodyless: bodyless) { return response }
            if !fill() { return nil }
        }
    }

    /// Reads until the raw bytes contain `marker` (or EOF/timeout) and returns them all.
    public func readRaw(untilContains marker: String) -> [UInt8] {
        while !String(decoding: buffer, as: UTF8.self).contains(marker) {
            if !fill() { break }
        }
        defer { buffer = [] }
        return buffer
    }

    /// Waits until the server closes the connection (true) or the timeout passes (false).
    public func waitForClose() -> Bool {
        while true {
            if !fill() { return sawEOF || errno == ECONNRESET }
        }
    }
}

public struct TestError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A parsed response.
public struct TestResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }

    /// Parses a response from the front of `buffer`, removing it; nil if incomplete.
    public static func parse(_ buffer: inout [UInt8], bodyless: Bool = false) -> TestResponse? {
        let marker: [UInt8] = [13, 10, 13, 10]
        guard buffer.count >= 4, let end = (0...(buffer.count - 4)).first(where: { Array(buffer[$0..<($0 + 4)]) == marker }) else { return nil }
        let head = String(decoding: buffer[0..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let status = Int(statusLine.split(separator: " ")[1]) ?? 0
        let headers = lines.map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        let length = Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0
        let bodyLength = (status < 200 || status == 204 || status == 304 || bodyless) ? 0 : length
        guard buffer.count >= end + 4 + bodyLength else { return nil }
        let body = Array(buffer[(end + 4)..<(end + 4 + bodyLength)])
        buffer.removeFirst(end + 4 + bodyLength)
        return TestResponse(status: status, headers: headers, body: body)
    }
}
