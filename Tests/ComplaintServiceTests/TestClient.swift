#if canImport(Glibc)
import Glibc
#endif
import Foundation

// Copied from Tests/HTTP1Tests/TestClient.swift (test targets cannot import each other), trimmed.

/// A blocking loopback client for tests: send raw bytes, read raw responses.
final class TestClient {
    let fd: Int32

    init(port: Int, timeoutSeconds: Int = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); throw TestError("connect to \(port) failed: \(errno)") }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    private var buffer: [UInt8] = []

    @discardableResult
    func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 65536, 0) }
        if n <= 0 { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    /// Reads one response (head + Content-Length body).
    func readResponse(bodyless: Bool = false) -> TestResponse? {
        while true {
            if let response = TestResponse.parse(&buffer, bodyless: bodyless) { return response }
            if !fill() { return nil }
        }
    }
}

struct TestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A parsed response.
struct TestResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }

    static func parse(_ buffer: inout [UInt8], bodyless: Bool = false) -> TestResponse? {
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

/// One request on a fresh connection (`Connection: close`), so tests never share connection state.
func http(_ port: Int, _ method: String, _ path: String, token: String? = nil, body: String? = nil,
          contentType: String? = "application/json", headers: [(String, String)] = []) throws -> TestResponse {
    let client = try TestClient(port: port)
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    if let token { head += "Authorization: Bearer \(token)\r\n" }
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    let bytes = Array((body ?? "").utf8)
    if body != nil {
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        head += "Content-Length: \(bytes.count)\r\n"
    } else if method == "POST" {
        head += "Content-Length: 0\r\n"
    }
    head += "\r\n"
    client.send(Array(head.utf8) + bytes)
    guard let response = client.readResponse(bodyless: method == "HEAD") else {
        throw TestError("no response to \(method) \(path)")
    }
    return response
}

/// Polls `condition` every 50 ms for up to `seconds`; true once it held.
func eventually(within seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(50_000)
    }
    return try condition()
}
