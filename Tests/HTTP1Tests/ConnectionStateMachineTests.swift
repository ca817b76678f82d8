import Testing

@testable import HTTP1

/// The connection's life without a socket: bytes, responses, write outcomes and a manual clock
/// go in; the actions the socket code would execute come out.
struct ConnectionStateMachineTests {
    static let get = "GET /a HTTP/1.1\r\nHost: t\r\n\r\n"

    @Test func aSimpleRequestIsDispatchedAnsweredAndKeptAlive() {
        var c = ConnectionDriver()
        #expect(c.machine.deadlineKind == .header)
        #expect(c.receive(Self.get) == [.dispatch("GET /a", slot: 0)])
        #expect(c.machine.deadlineKind == nil, "waiting for a handler has no deadline")
        #expect(c.respond(0) == [.write(200, keepAlive: true)])
        #expect(c.wroteAll() == [])
        #expect(c.machine.deadlineKind == .keepAlive)
    }

    @Test func aSlowLorisHeadGets408AfterTheHeaderTimeoutEvenIfEveryLineIsOnTime() {
        var c = ConnectionDriver { $0.timeouts.headerSeconds = 10 }
        #expect(c.receive("GET /a HTTP/1.1\r\n") == [])
        for _ in 0..<3 {
            #expect(c.wait(3) == [])
            #expect(c.receive("X-Drip: 1\r\n") == [])
        }
        #expect(c.secondsToDeadline == 1, "the deadline counts from the first byte of the head, not the last")
        #expect(c.wait(1) == [.write(408, keepAlive: false)])
        #expect(c.written.last?.problem?.slug == "request-timeout")
        #expect(c.wroteAll() == [.lingeringClose])
        #expect(c.wait(2) == [.close])
    }

    @Test func aNewConnectionThatNeverSpeaksIsClosedWithoutAnAnswer() {
        var c = ConnectionDriver { $0.timeouts.headerSeconds = 5 }
        #expect(c.wait(4.9) == [])
        #expect(c.wait(0.1) == [.close])
    }

    @Test func aStalledBodyGets408AfterTheBodyIdleTimeoutWhileATricklingOneDoesNot() {
        var c = ConnectionDriver { $0.timeouts.bodyIdleSeconds = 30 }
        #expect(c.receive("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n12345") == [])
        #expect(c.machine.deadlineKind == .bodyIdle)
        #expect(c.wait(29) == [])
        #expect(c.receive("6") == [])
        #expect(c.wait(29) == [], "each piece of body restarts the idle clock")
        #expect(c.wait(1) == [.write(408, keepAlive: false)])
    }

    @Test func anIdleKeepAliveConnectionIsClosedAfterTheKeepAliveTimeout() {
        var c = ConnectionDriver { $0.timeouts.keepAliveSeconds = 60 }
        _ = c.receive(Self.get)
        _ = c.respond(0)
        _ = c.wroteAll()
        #expect(c.wait(59.9) == [])
        #expect(c.wait(0.1) == [.close])
    }

    @Test func aClientThatDoesNotReadIsCutOffAfterTheWriteIdleTimeout() {
        var c = ConnectionDriver { $0.timeouts.writeIdleSeconds = 30 }
        _ = c.receive(Self.get)
        _ = c.respond(0)
        c.machine.writeBlocked()
        #expect(c.machine.deadlineKind == .writeIdle)
        #expect(c.wait(29) == [])
        #expect(c.wait(1) == [.close])
    }

    @Test func pipelinedResponsesLeaveInRequestOrderWhenHandlersFinishOutOfOrder() {
        var c = ConnectionDriver()
        let three = "GET /a HTTP/1.1\r\nHost: t\r\n\r\nGET /b HTTP/1.1\r\nHost: t\r\n\r\nGET /c HTTP/1.1\r\nHost: t\r\n\r\n"
        #expect(c.receive(three) == [.dispatch("GET /a", slot: 0), .dispatch("GET /b", slot: 1), .dispatch("GET /c", slot: 2)])
        #expect(c.respond(2, status: 202) == [])
        #expect(c.respond(1, status: 201) == [])
        #expect(c.respond(0, status: 200) == [.write(200, keepAlive: true), .write(201, keepAlive: true), .write(202, keepAlive: true)])
    }

    @Test func thePipelineLimitStopsReadingUntilAResponseLeaves() {
        var c = ConnectionDriver { $0.limits.maxPipelinedRequests = 2 }
        let three = "GET /a HTTP/1.1\r\nHost: t\r\n\r\nGET /b HTTP/1.1\r\nHost: t\r\n\r\nGET /c HTTP/1.1\r\nHost: t\r\n\r\n"
        #expect(c.receive(three) == [.dispatch("GET /a", slot: 0), .dispatch("GET /b", slot: 1), .stopReading])
        #expect(c.machine.queuedResponses == 2)
        #expect(c.respond(0) == [.write(200, keepAlive: true), .resumeReading, .dispatch("GET /c", slot: 2)])
    }

    @Test func expectContinueGetsTheInterimResponseBeforeTheBodyIsRead() {
        var c = ConnectionDriver()
        #expect(c.receive("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n") == [.writeContinue])
        #expect(c.receive("ping") == [.dispatch("POST /echo", slot: 0)])
        #expect(c.dispatched[0]?.body == Array("ping".utf8))
    }

    @Test func expectContinueWaitsWhileAnEarlierResponseIsOwed() {
        var c = ConnectionDriver()
        let both = Self.get + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"
        #expect(c.receive(both) == [.dispatch("GET /a", slot: 0)], "a 100 now would overtake the first response")
    }

    @Test func expectContinueOnARefusedRequestGetsTheRefusalAndTheBodyIsNeverRead() {
        var c = ConnectionDriver()
        #expect(
            c.receive("POST /nowhere HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n") == [.write(404, keepAlive: false)])
        #expect(c.receive("0123456789" + Self.get) == [], "bytes after a refusal with an unread body are discarded")
    }

    @Test(arguments: [
        ("GET /a HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", false),
        ("GET /a HTTP/1.1\r\nHost: t\r\nConnection: keep-alive\r\n\r\n", true),
        ("GET /a HTTP/1.0\r\n\r\n", false),
        ("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true),
        ("GET /a HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", false),
    ])
    func connectionHeaderAndVersionDecideKeepAlive(request: String, keepAlive: Bool) {
        var c = ConnectionDriver()
        #expect(c.receive(request) == [.dispatch("GET /a", slot: 0)])
        #expect(c.respond(0) == [.write(200, keepAlive: keepAlive)])
        #expect(c.wroteAll() == (keepAlive ? [] : [.lingeringClose]))
    }

    @Test func aHandlerCanAskToCloseTheConnection() {
        var c = ConnectionDriver()
        _ = c.receive(Self.get + Self.get)
        #expect(c.respond(0, close: true) == [.write(200, keepAlive: false)])
        #expect(c.respond(1) == [], "nothing is written after the closing response")
        #expect(c.wroteAll() == [.lingeringClose])
    }

    @Test func requestsAfterConnectionCloseAreNeitherDispatchedNorAnswered() {
        var c = ConnectionDriver()
        let closing = "POST /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: 2\r\n\r\n"
        #expect(c.receive(closing + "ok" + Self.get) == [.dispatch("POST /echo", slot: 0)], "its body is read, the next request is not")
        #expect(c.receive(Self.get) == [])
        #expect(c.respond(0) == [.write(200, keepAlive: false)])
    }

    @Test func aDrainingServerReadsNoRequestAfterTheOneInProgress() {
        var c = ConnectionDriver()
        #expect(c.receive("GET /a HTTP/1.1\r\n") == [])
        _ = c.shutdown()
        #expect(c.receive("Host: t\r\n\r\n" + Self.get) == [.dispatch("GET /a", slot: 0)])
        #expect(c.respond(0) == [.write(200, keepAlive: false)])
    }

    @Test func gracefulShutdownLetsARequestInFlightFinishThenCloses() {
        var c = ConnectionDriver()
        _ = c.receive(Self.get)
        #expect(c.shutdown() == [], "a busy connection is not cut")
        #expect(c.respond(0) == [.write(200, keepAlive: false)], "the response says Connection: close")
        #expect(c.wroteAll() == [.lingeringClose])
        #expect(c.peerClosed() == [.close])
    }

    @Test func gracefulShutdownClosesAnIdleConnectionAtOnce() {
        var c = ConnectionDriver()
        _ = c.receive(Self.get)
        _ = c.respond(0)
        _ = c.wroteAll()
        #expect(c.shutdown() == [.close])
        #expect(c.machine.isClosed)
        #expect(c.receive(Self.get) == [], "a closed connection ignores everything")
    }

    @Test func aPeerThatHangsUpStillGetsTheAnswersItAskedFor() {
        var c = ConnectionDriver()
        _ = c.receive(Self.get)
        #expect(c.peerClosed() == [.stopReading])
        #expect(c.respond(0) == [.write(200, keepAlive: false)])
        #expect(c.wroteAll() == [.close], "nothing left to read: no lingering")
    }

    @Test func aPeerThatHangsUpWhileIdleIsClosed() {
        var c = ConnectionDriver()
        #expect(c.receive("GET /a HT") == [])
        #expect(c.peerClosed() == [.close], "a half-sent request is abandoned")
    }

    @Test(arguments: [
        ("GET /a HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "y", count: 17_000))\r\n\r\n", 431),
        ("GET /\(String(repeating: "x", count: 9000)) HTTP/1.1\r\nHost: t\r\n\r\n", 414),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1048577\r\n\r\n", 413),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n", 413),
        ("BREW /a HTTP/1.1\r\nHost: t\r\n\r\n", 501),
        ("GET /a HTTP/2.0\r\nHost: t\r\n\r\n", 505),
        ("GET /a HTTP/1.1\r\n\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\n", 417),
    ])
    func limitsAndMalformedRequestsGetTheirStatusAndClose(request: String, status: Int) {
        var c = ConnectionDriver()
        #expect(c.receive(request + Self.get) == [.write(status, keepAlive: false)])
        #expect(c.written.last?.problem?.status == status)
        #expect(c.wroteAll() == [.lingeringClose])
    }

    @Test func routingProblemsAreAnsweredWithoutAHandlerAndKeepTheConnection() {
        var c = ConnectionDriver()
        #expect(c.receive("GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n") == [.write(404, keepAlive: true)])
        #expect(c.receive("DELETE /a HTTP/1.1\r\nHost: t\r\n\r\n") == [.write(405, keepAlive: true)])
        #expect(c.written.last?.headers.first { $0.0 == "Allow" }?.1 == "GET, HEAD, OPTIONS")
        #expect(c.receive("GET /a/%zz HTTP/1.1\r\nHost: t\r\n\r\n") == [.write(404, keepAlive: true)])
        #expect(c.written.map { $0.problem?.slug } == ["not-found", "method-not-allowed", "not-found"])
    }

    @Test func aBodyArrivingInPiecesIsReassembledChunkedOrNot() {
        var c = ConnectionDriver()
        let text = Array("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n".utf8)
        var steps: [Step] = []
        for byte in text { steps += c.receive([byte]) }
        #expect(steps == [.dispatch("POST /echo", slot: 0)])
        #expect(c.dispatched[0]?.body == Array("hello world".utf8))
    }
}
