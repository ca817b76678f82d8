import Foundation
import TestSupport
import Testing

@testable import HTTP1

/// What a head filter learns about a request reaches that request's handler, and no other's.
@Suite(.serialized)
struct HeadFilterContextTests {
    final class Note: Sendable {
        let caller: String
        init(_ caller: String) { self.caller = caller }
    }

    /// The filter names the caller from `X-Caller` (refusing "nobody"); the handler echoes the
    /// note it was handed, or "none", and the number of bytes of its body.
    func start() throws -> HTTPServer {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.eventLoops = 1
        configuration.accessLog = false
        let echo: HTTPHandler = { request, _ in
            let caller = (request.context as? Note)?.caller ?? "none"
            return HTTPResponse(status: 200, contentType: "text/plain", body: Array("\(caller) \(request.body.count)".utf8))
        }
        let server = HTTPServer(
            configuration: configuration, router: Router([Route(.POST, "/notes", echo)]),
            headFilter: { request in
                guard let caller = request.headers["x-caller"] else { return nil }
                if caller == "nobody" { return HTTPResponse(status: 401) }
                request.context = Note(caller)
                return nil
            })
        try server.start()
        return server
    }

    @Test func theHandlerGetsTheNoteItsOwnHeadFilterLeft() throws {
        let server = try start()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        // Pipelined on one connection, the second without a caller: notes do not leak across requests.
        client.send(
            "POST /notes HTTP/1.1\r\nHost: t\r\nX-Caller: 王芳\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /notes HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"
                + "POST /notes HTTP/1.1\r\nHost: t\r\nX-Caller: nobody\r\nContent-Length: 0\r\n\r\n"
                + "POST /notes HTTP/1.1\r\nHost: t\r\nX-Caller: hank\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n")
        let answers = (0..<4).compactMap { _ in client.readResponse() }
        #expect(answers.map(\.status) == [200, 200, 401, 200])
        #expect(answers.map(\.text) == ["王芳 5", "none 3", "", "hank 2"])
    }
}
