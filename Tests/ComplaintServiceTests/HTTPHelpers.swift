import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// One request on a fresh connection (`Connection: close`), so tests never share connection state.
func http(
    _ port: Int, _ method: String, _ path: String, token: String? = nil, body: String? = nil,
    contentType: String? = "application/json", headers: [(String, String)] = []
) throws -> TestResponse {
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
