import ComplaintService
import Foundation
import TestSupport
import Testing

/// `GET /v1/stream`: Server-Sent Events, scoped, resumable, bounded in number.
@Suite(.serialized)
struct LiveStreamTests {
    @Test func aNewComplaintReachesTheStreamsThatMaySeeIt() throws {
        let dir = try TempDir("live")
        defer { dir.remove() }
        let running = try Running(webConfiguration(dataDirectory: dir.path))
        let director = try EventReader(port: running.port, headers: try running.signIn("dora", Password.dora).headers)
        let handler = try EventReader(port: running.port, headers: [("Authorization", "Bearer \(Token.hank)")])
        let hello = director.read(until: "event: hello")
        #expect(hello.contains("HTTP/1.1 200 OK") && hello.contains("Content-Type: text/event-stream") && hello.contains("retry: 3000"))
        _ = handler.read(until: "event: hello")
        let id = try #require(running.register().json?["id"] as? String)
        let seen = director.read(until: id)
        #expect(seen.contains("event: complaint") && seen.contains("\"type\":\"complaint.registered\""))
        #expect(!seen.contains("Zhang Wei") && !seen.contains("13800138000"))
        // Not dispatched to engineering: the handler's stream stays silent until it is.
        #expect(
            try running.post(
                "/v1/complaints/\(id)/assess", token: Token.mona,
                body: #"{"valid":true,"inScope":true,"severity":"minor","category":"engineering"}"#
            ).status == 200)
        #expect(
            try running.post(
                "/v1/complaints/\(id)/dispatch", token: Token.rita,
                body: #"{"department":"engineering","handler":"hank"}"#
            ).status == 200)
        let handlerSaw = handler.read(until: "complaint.dispatched")
        #expect(handlerSaw.contains(id))
        #expect(!handlerSaw.contains("complaint.registered"), "the handler saw an event from before the complaint was in scope")
        #expect(!handlerSaw.contains("complaint.assessed"))
    }

    @Test func aMissedClockReachesTheStreamWithoutAnyRequest() throws {
        let dir = try TempDir("live-clock")
        defer { dir.remove() }
        let clock = ManualClock(start: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
        let running = try Running(webConfiguration(dataDirectory: dir.path), clock: clock)
        let manager = try EventReader(port: running.port, headers: [("Authorization", "Bearer \(Token.mona)")])
        _ = manager.read(until: "event: hello")
        let id = try #require(running.register().json?["id"] as? String)
        _ = manager.read(until: "complaint.registered")
        // Nobody dispatches it: the dispatch clock runs out and the console hears of it at once.
        clock.advance(by: 601)
        let missed = manager.read(until: "complaint.escalated")
        #expect(missed.contains("\"type\":\"complaint.escalated\"") && missed.contains(id), "\(missed)")
    }

    @Test func aReconnectingClientGetsWhatItMissedOrIsToldToReload() throws {
        let dir = try TempDir("resume")
        defer { dir.remove() }
        var c = webConfiguration(dataDirectory: dir.path)
        c.live.replayEvents = 3
        let running = try Running(c)
        let first = try EventReader(port: running.port, headers: [("Authorization", "Bearer \(Token.admin)")])
        let a = try #require(running.register(unit: "101").json?["id"] as? String)
        _ = first.read(until: a)
        let last = try #require(first.complaintEventIDs.last)
        let b = try #require(running.register(unit: "102").json?["id"] as? String)
        let resumed = try EventReader(port: running.port, headers: [("Authorization", "Bearer \(Token.admin)"), ("Last-Event-ID", "\(last)")])
        let text = resumed.read(until: b)
        #expect(!text.contains(a + "\""), "replayed an event the client had")
        #expect(resumed.complaintEventIDs.allSatisfy { $0 > last })
        for unit in ["103", "104", "105", "106"] { _ = try running.register(unit: unit) }
        let late = try EventReader(port: running.port, headers: [("Authorization", "Bearer \(Token.admin)"), ("Last-Event-ID", "\(last)")])
        #expect(late.read(until: "event: reset").contains("missed-too-much"))
        let bad = try EventReader(port: running.port, headers: [("Authorization", "Bearer \(Token.admin)"), ("Last-Event-ID", "abc")])
        #expect(bad.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 400"))
    }

    @Test func streamsNeedAReaderAndAreLimitedInNumber() throws {
        let dir = try TempDir("limit")
        defer { dir.remove() }
        var c = webConfiguration(dataDirectory: dir.path)
        c.live.maxStreams = 2
        c.live.heartbeatSeconds = 0.2
        let running = try Running(c)
        #expect(try running.get("/v1/stream", token: nil).status == 401)
        #expect(try running.get("/v1/stream", token: Token.web).status == 403)
        let one = try EventReader(port: running.port, headers: [("Authorization", "Bearer \(Token.admin)")])
        let two = try EventReader(port: running.port, headers: [("Authorization", "Bearer \(Token.rita)")])
        _ = one.read(until: "event: hello")
        _ = two.read(until: "event: hello")
        #expect(two.read(until: ": keep-alive").contains(": keep-alive"))
        let third = try running.get("/v1/stream", token: Token.mona)
        #expect(third.status == 503 && third.header("Retry-After") != nil)
        one.client.send("")  // keep `one` alive until here
        running.stop()
        #expect(one.client.waitForClose() && two.client.waitForClose())
    }
}
