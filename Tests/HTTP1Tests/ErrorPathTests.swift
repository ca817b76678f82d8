import Foundation
import Telemetry
import TestSupport
import Testing

@testable import HTTP1

/// Errors over real sockets: what a handler throws, the configured problem type base, the
/// access log's level and shape, and a port that is already taken.
@Suite(.serialized)
struct ErrorPathTests {
    struct SecretError: Error, CustomStringConvertible {
        var description: String { "connection to db failed: password=hunter2 at /var/lib/complaintd" }
    }
    struct OutOfStock: Error {}

    static let failing: [Route] = [
        Route(.GET, "/throws") { _, _ in throw SecretError() },
        Route(.GET, "/fails-later") { _, later in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) { later.fail(SecretError()) }
            return nil
        },
        Route(.GET, "/build-throws") { _, later in
            DispatchQueue.global().async { later.respond(building: { throw SecretError() }) }
            return nil
        },
        Route(.GET, "/out-of-stock") { _, _ in throw OutOfStock() },
        Route(.GET, "/app-problem") { _, _ in
            Problem.response(status: 409, slug: "conflict", title: "Conflict", detail: "Already closed.")
        },
    ]

    @Test(arguments: ["/throws", "/fails-later", "/build-throws"])
    func aHandlerErrorBecomesA500ThatHidesItAndIsLoggedUnderTheRequestID(path: String) throws {
        let capture = try PipeCapture()
        let log = Log(fd: capture.writeEnd)
        let server = try makeTestServer(extraRoutes: Self.failing, log: log)
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 500)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.json?["type"] as? String == "https://complaintd.dev/problems/internal-error")
        #expect(!response.text.contains("hunter2") && !response.text.contains("/var/lib"))
        let id = try #require(response.header("X-Request-Id"))
        #expect(response.text.contains(id), "the client can quote the id")
        // The connection stays usable.
        client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
        #expect(log.flush(timeoutSeconds: 10))
        let line = try #require(capture.jsonLines().compactMap { $0 }.first { $0["msg"] as? String == "handler failed" })
        #expect(line["requestId"] as? String == id)
        #expect((line["error"] as? String)?.contains("hunter2") == true)
        #expect(line["level"] as? String == "error")
    }

    @Test func theApplicationMapsItsOwnErrors() throws {
        let server = try makeTestServer(
            extraRoutes: Self.failing,
            errorResponse: { error, request in
                if error is OutOfStock {
                    return Problem.response(
                        status: 422, slug: "out-of-stock", title: "Unprocessable Content", detail: "None left for \(request.path).")
                }
                return Problem.response(status: 500, slug: "internal-error", title: "Internal Server Error", detail: "Sorry.")
            })
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send("GET /out-of-stock HTTP/1.1\r\nHost: t\r\n\r\n")
        let mapped = try #require(client.readResponse())
        #expect(mapped.status == 422)
        #expect(mapped.json?["detail"] as? String == "None left for /out-of-stock.")
        client.send("GET /fails-later HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(client.readResponse()?.json?["detail"] as? String == "Sorry.")
    }

    @Test func everyProblemTypeIsUnderTheConfiguredBase() throws {
        let server = try makeTestServer({ $0.problemTypeBase = "https://errors.example.cn/http/" }, extraRoutes: Self.failing)
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        for (request, type) in [
            ("GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n", "not-found"),
            ("DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n", "method-not-allowed"),
            ("GET /app-problem HTTP/1.1\r\nHost: t\r\n\r\n", "conflict"),
            ("GET /throws HTTP/1.1\r\nHost: t\r\n\r\n", "internal-error"),
            ("GET /hello HTTP/1.1\r\n\r\n", "bad-request"),
        ] {
            client.send(request)
            let response = try #require(client.readResponse())
            #expect(response.json?["type"] as? String == "https://errors.example.cn/http/" + type)
            #expect(response.header("Content-Length") == String(response.body.count))
        }
    }

    @Test func accessLinesAreInfoLinesWithOneKeyStyleAndTypedFields() throws {
        let capture = try PipeCapture()
        let log = Log(fd: capture.writeEnd)
        log.setMinimumLevel(.warn)
        let server = try makeTestServer(
            {
                $0.accessLog = true
                $0.eventLoops = 1
            }, log: log)
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        for _ in 0..<3 {
            client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = client.readResponse()
        }
        // Access lines reach the logger within 200 ms; wait well beyond that.
        Thread.sleep(forTimeInterval: 0.5)
        #expect(log.flush(timeoutSeconds: 10))
        #expect(!capture.drain().contains(#""msg":"request""#), "--log-level warn writes no access line")

        log.setMinimumLevel(.info)
        client.send("GET /items/7 HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = client.readResponse()
        let deadline = Date().addingTimeInterval(10)
        var line: [String: Any]?
        while line == nil && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            line = capture.jsonLines().compactMap { $0 }.first { $0["msg"] as? String == "request" }
        }
        let access = try #require(line)
        #expect(access["level"] as? String == "info")
        #expect(access["path"] as? String == "/items/7")
        #expect(access["status"] as? Int == 200)
        #expect(access["bytes"] is Int)
        #expect(access["durationMs"] is NSNumber)
        #expect((access["requestId"] as? String)?.isEmpty == false)
        for key in access.keys { #expect(!key.contains("_"), "camelCase: \(key)") }
    }

    @Test func aSecondServerOnATakenPortFailsToStartAndTheFirstKeepsEveryRequest() throws {
        let first = try makeTestServer()
        defer { first.shutdown(graceSeconds: 1) }
        var configuration = HTTPServerConfiguration()
        configuration.port = first.port
        configuration.eventLoops = 2
        configuration.accessLog = false
        let second = HTTPServer(
            configuration: configuration,
            router: Router([
                Route(.GET, "/hello") { _, _ in HTTPResponse(status: 418) }
            ]))
        #expect(throws: HTTPServerError.addressInUse(address: "127.0.0.1:\(first.port)")) { try second.start() }
        #expect(String(describing: HTTPServerError.addressInUse(address: "127.0.0.1:8080")) == "cannot listen on 127.0.0.1:8080: address in use")
        for _ in 0..<20 {
            let client = try TestClient(port: first.port)
            client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(client.readResponse()?.status == 200, "no connection reaches the server that did not start")
        }
    }

    @Test func rawUTF8InTheTargetIsTakenAsPercentEncoded() throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send("GET /items/翠苑?q=翠苑小区 HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 200)
        #expect(response.text == #"{"id":"翠苑","q":"翠苑小区"}"#)
        client.send(Array("GET /items/x?q=".utf8) + [0xE7, 0xBF] + Array(" HTTP/1.1\r\nHost: t\r\n\r\n".utf8))
        let broken = try #require(client.readResponse())
        #expect(broken.status == 400)
        #expect(broken.json?["detail"] as? String == "The request target is not valid UTF-8.")
    }
}
