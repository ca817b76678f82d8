import Foundation
import Synchronization
import TestSupport
import Testing

@testable import HTTP1

/// The server over real sockets on 127.0.0.1 (ephemeral ports).
@Suite(.serialized)
struct LiveServerTests {
    @Test func everyResponseCarriesTheCommonHeaders() throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 200)
        #expect(response.header("Date")?.hasSuffix("GMT") == true)
        #expect(response.header("Server") == "complaintd")
        #expect(response.header("Content-Length") == "17")
        #expect((response.header("X-Request-Id") ?? "").count >= 8)
        #expect(response.text == #"{"hello":"world"}"#)
    }

    @Test func echoesAValidRequestIDAndReplacesAnInvalidOne() throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send("GET /hello HTTP/1.1\r\nHost: t\r\nX-Request-Id: trace-123\r\n\r\n")
        #expect(client.readResponse()?.header("X-Request-Id") == "trace-123")
        client.send("GET /hello HTTP/1.1\r\nHost: t\r\nX-Request-Id: bad id with spaces\r\n\r\n")
        let id = client.readResponse()?.header("X-Request-Id")
        #expect(id != nil && id != "bad id with spaces")
    }

    @Test func keepAliveReusesOneConnection() throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        for i in 0..<5 {
            client.send("GET /items/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 200)
            #expect(response.text.contains("\"id\":\"\(i)\""))
        }
        #expect(server.statistics().connectionsAccepted == 1)
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let plain = try TestClient(port: server.port)
        plain.send("GET /hello HTTP/1.0\r\n\r\n")
        #expect(plain.readResponse()?.status == 200)
        #expect(plain.waitForClose())

        let kept = try TestClient(port: server.port)
        kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let first = try #require(kept.readResponse())
        #expect(first.header("Connection")?.lowercased() == "keep-alive")
        kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(kept.readResponse()?.status == 200)
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.header("Connection") == "close")
        #expect(client.waitForClose())
    }

    @Test func pipelinedResponsesKeepRequestOrderEvenWhenHandlersFinishOutOfOrder() throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        // The first request takes longest; the answers must still come back 300, 10, 100, hello.
        client.send(
            "GET /slow/300 HTTP/1.1\r\nHost: t\r\n\r\nGET /slow/10 HTTP/1.1\r\nHost: t\r\n\r\nGET /slow/100 HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n"
        )
        var bodies: [String] = []
        for _ in 0..<4 { bodies.append(try #require(client.readResponse()).text) }
        #expect(bodies == [#"{"slept":300}"#, #"{"slept":10}"#, #"{"slept":100}"#, #"{"hello":"world"}"#])
    }

    @Test func contentLengthAndChunkedBodiesArrive() throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\nhello world")
        #expect(client.readResponse()?.text == "hello world")
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n")
        Thread.sleep(forTimeInterval: 0.05)
        client.send("6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n")
        let chunked = try #require(client.readResponse())
        #expect(chunked.text == "hello world")
        // The connection stays usable after a chunked body.
        client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
    }

    @Test func expectContinueGets100BeforeTheBody() throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        let interim = try #require(client.readResponse())
        #expect(interim.status == 100)
        client.send("ping")
        let final = try #require(client.readResponse())
        #expect(final.status == 200)
        #expect(final.text == "ping")
    }

    @Test func expectContinueOnARefusedRequestGetsTheErrorAtOnce() throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\nExpect: 100-continue\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 413)
        let missing = try TestClient(port: server.port)
        missing.send("POST /nowhere HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n")
        #expect(missing.readResponse()?.status == 404)
    }

    @Test func headHasTheGetHeadersAndNoBody() throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        // HEAD then GET on one connection: the GET's status line must follow the HEAD's blank line.
        client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        var buffer = client.readRaw(untilContains: "world")
        let head = try #require(TestResponse.parse(&buffer, bodyless: true))
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "17")
        #expect(head.header("Content-Type") == "application/json")
        let get = try #require(TestResponse.parse(&buffer))
        #expect(get.status == 200)
        #expect(get.text == #"{"hello":"world"}"#)
    }

    @Test(arguments: [
        ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc", 400),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("GET /hello HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n", 400),
        ("GET /hello HTTP/1.1\r\nHost: t\r\nX: a\r\n b\r\n\r\n", 400),
        ("GET /hello HTTP/3.0\r\nHost: t\r\n\r\n", 505),
        ("GET /hello HTTP/1.1\r\n\r\n", 400),
        ("GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1048577\r\n\r\n", 413),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n", 413),
        ("GET /\(String(repeating: "x", count: 9000)) HTTP/1.1\r\nHost: t\r\n\r\n", 414),
        ("GET /hello HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "y", count: 17000))\r\n\r\n", 431),
    ])
    func rejectionsAnswerProblemJSONAndClose(request: String, status: Int) throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send(request)
        let response = try #require(client.readResponse())
        #expect(response.status == status)
        #expect(response.header("Content-Type") == "application/problem+json")
        let json = try #require(response.json)
        #expect(json["status"] as? Int == status)
        #expect(json["type"] is String && json["title"] is String && json["detail"] is String)
        #expect(response.header("Connection") == "close")
        #expect(client.waitForClose())
    }

    @Test func unknownPathIs404AndWrongMethodIs405WithAllow() throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send("GET /nope HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(client.readResponse()?.status == 404)
        client.send("DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 405)
        #expect(response.header("Allow") == "GET, HEAD, OPTIONS")
    }

    @Test func pathParametersAndQueriesArePercentDecoded() throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send("GET /items/a%20b%2Fc?q=x%26y+z HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.text == #"{"id":"a b/c","q":"x&y z"}"#)
        client.send("GET /items/%zz HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(client.readResponse()?.status == 400)
    }

    @Test func corsPreflightForConfiguredOriginsOnly() throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send(
            "OPTIONS /echo HTTP/1.1\r\nHost: t\r\nOrigin: https://app.example.com\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n\r\n"
        )
        let allowed = try #require(client.readResponse())
        #expect(allowed.status == 204)
        #expect(allowed.header("Access-Control-Allow-Origin") == "https://app.example.com")
        #expect(allowed.header("Access-Control-Allow-Methods")?.contains("POST") == true)
        #expect(allowed.header("Access-Control-Allow-Headers")?.lowercased().contains("content-type") == true)
        client.send("OPTIONS /echo HTTP/1.1\r\nHost: t\r\nOrigin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\n\r\n")
        let refused = try #require(client.readResponse())
        #expect(refused.header("Access-Control-Allow-Origin") == nil)
        client.send("GET /hello HTTP/1.1\r\nHost: t\r\nOrigin: https://app.example.com\r\n\r\n")
        let simple = try #require(client.readResponse())
        #expect(simple.header("Access-Control-Allow-Origin") == "https://app.example.com")
        #expect(simple.header("Vary") == "Origin")
    }

    @Test func headerTimeoutCutsOffATricklingClient() throws {
        let server = try makeTestServer { $0.timeouts.headerSeconds = 0.3 }
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        let start = Date()
        client.send("GET /hello HTTP/1.1\r\n")
        for _ in 0..<3 {
            Thread.sleep(forTimeInterval: 0.15)
            client.send("X-Drip: 1\r\n")  // each byte on time, the whole head late
        }
        let response = client.readResponse()
        #expect(response?.status == 408)
        #expect(client.waitForClose())
        #expect(Date().timeIntervalSince(start) < 8)
    }

    @Test func idleKeepAliveConnectionsAreClosed() throws {
        let server = try makeTestServer { $0.timeouts.keepAliveSeconds = 0.2 }
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
        #expect(client.waitForClose())
    }

    @Test func connectionsBeyondTheCapGet503() throws {
        let server = try makeTestServer {
            $0.maxConnections = 2
            $0.eventLoops = 1
        }
        defer { server.shutdown(graceSeconds: 1) }
        let a = try TestClient(port: server.port)
        let b = try TestClient(port: server.port)
        a.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        b.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(a.readResponse()?.status == 200)
        #expect(b.readResponse()?.status == 200)
        let c = try TestClient(port: server.port)
        let refused = try #require(c.readResponse())
        #expect(refused.status == 503)
        #expect(c.waitForClose())
        // The refused connection is counted until its loop has closed it, a moment after the client saw the close.
        let deadline = Date().addingTimeInterval(10)
        while server.statistics().connectionsOpen != 2 && Date() < deadline { usleep(10_000) }
        #expect(server.statistics().connectionsOpen == 2)
    }

    @Test func gracefulShutdownLetsAnInFlightRequestFinish() throws {
        let server = try makeTestServer()
        let client = try TestClient(port: server.port)
        client.send("GET /slow/400 HTTP/1.1\r\nHost: t\r\n\r\n")
        Thread.sleep(forTimeInterval: 0.1)
        let finished = DispatchSemaphore(value: 0)
        final class Outcome: Sendable { let clean = Atomic<Bool>(false) }
        let outcome = Outcome()
        DispatchQueue.global().async {
            outcome.clean.store(server.shutdown(graceSeconds: 10), ordering: .releasing)
            finished.signal()
        }
        let response = try #require(client.readResponse())
        #expect(response.status == 200)
        #expect(response.text == #"{"slept":400}"#)
        #expect(response.header("Connection") == "close")
        #expect(finished.wait(timeout: .now() + 15) == .success)
        let clean = outcome.clean.load(ordering: .acquiring)
        #expect(clean)
        // Nothing listens any more.
        #expect(throws: (any Error).self) { _ = try TestClient(port: server.port) }
    }

    @Test func statisticsCountByRoutePattern() throws {
        let server = try makeTestServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.port)
        for id in ["a", "b", "c"] {
            client.send("GET /items/\(id) HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = client.readResponse()
        }
        client.send("HEAD /items/d HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = client.readResponse(bodyless: true)
        for _ in 0..<2 {
            client.send("GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = client.readResponse()
        }
        let stats = server.statistics()
        let series = stats.requests.filter { $0.route == "/items/{id}" }
        #expect(series.map { "\($0.method) \($0.status) \($0.count)" } == ["GET 200 3", "HEAD 200 1"])
        #expect(!stats.requests.contains { $0.route.contains("/items/a") })
        let unmatched = stats.requests.filter { $0.route == "none" }
        #expect(unmatched.map { "\($0.method) \($0.status) \($0.count)" } == ["GET 404 2"])
        let latencies = Dictionary(uniqueKeysWithValues: stats.durations.map { ($0.route, $0.histogram.count) })
        #expect(latencies["/items/{id}"] == 4 && latencies["none"] == 2)
    }
}
