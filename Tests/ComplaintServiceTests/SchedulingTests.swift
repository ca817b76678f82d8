import ComplaintService
import Foundation
import TestSupport
import Testing

/// Deadlines on a hand-moved clock: escalation, exactly once, across restarts; the store's lock.
@Suite(.serialized)
struct SchedulingTests {
    static func startOfTest() -> ManualClock {
        ManualClock(start: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
    }

    func escalatedCount(_ s: Running, _ id: String) throws -> Int {
        try s.events(id).filter { $0["type"] as? String == "complaint.escalated" }.count
    }

    func escalationItems(_ s: Running) throws -> [[String: Any]] {
        let r = try s.get("/v1/escalations", token: Token.sue)
        guard r.status == 200 else { throw TestError("escalations: \(r.status) \(r.text)") }
        return r.json?["items"] as? [[String: Any]] ?? []
    }

    @Test func undispatchedComplaintEscalatesExactlyOnce() throws {
        let dir = try TempDir("escalate")
        defer { dir.remove() }
        let clock = Self.startOfTest()
        let s = try Running(testConfiguration(dataDirectory: dir.path, workflow: #"{"dispatchWithin": 600}"#), clock: clock)
        defer { s.stop() }
        let late = try #require(try s.register(content: "Nobody picks this up").json?["id"] as? String)
        let onTime = try #require(try s.register(content: "This one is assessed and dispatched", unit: "0801").json?["id"] as? String)
        #expect(try s.post("/v1/complaints/\(onTime)/assess", token: Token.dora, body: #"{"valid":true,"severity":"minor"}"#).status == 200)
        #expect(
            try s.post("/v1/complaints/\(onTime)/dispatch", token: Token.rita, body: #"{"department":"engineering","handler":"hank"}"#).status == 200)

        // Not due yet: nothing happens however long we wait in real time.
        clock.advance(by: 590)
        usleep(300_000)
        #expect(try escalatedCount(s, late) == 0)
        #expect(try escalationItems(s).isEmpty)

        clock.advance(by: 20)
        let fired = try eventually { try escalatedCount(s, late) >= 1 }
        #expect(fired, "the dispatch deadline never escalated")
        let items = try escalationItems(s)
        let item = try #require(items.first { $0["complaintId"] as? String == late })
        #expect(item["clock"] as? String == "dispatch")
        #expect(item["escalatedAt"] is String)
        #expect(item["notified"] as? [String] == ["supervisor"])
        #expect(!items.contains { $0["complaintId"] as? String == onTime })

        // Many more ticks and more time: still exactly one escalation.
        usleep(500_000)
        clock.advance(by: 3600)
        usleep(500_000)
        #expect(try escalatedCount(s, late) == 1)
        #expect(try escalatedCount(s, onTime) == 0)
        let complaint = try s.get("/v1/complaints/\(late)").json
        #expect((complaint?["escalations"] as? [Any])?.count == 1)
        #expect(complaint?["overdue"] as? Bool == true)
    }

    @Test func stateAndDeadlinesSurviveRestarts() throws {
        let dir = try TempDir("restart")
        defer { dir.remove() }
        let clock = Self.startOfTest()
        let config = testConfiguration(dataDirectory: dir.path, workflow: #"{"dispatchWithin": 600}"#, fsync: "always")

        var before: [String: (version: Int, status: String, code: String)] = [:]
        var waiting = ""
        do {
            let s1 = try Running(config, clock: clock)
            defer { s1.stop() }
            for (n, content) in ["Parking barrier broken", "Noisy neighbours at night", "Trash not collected"].enumerated() {
                let r = try s1.register(content: content, unit: "\(n + 1)01")
                try #require(r.status == 201)
                let id = try #require(r.json?["id"] as? String)
                before[id] = (0, "", try #require(r.json?["trackingCode"] as? String))
                if n == 0 { waiting = id }
            }
            for id in before.keys where id != waiting {
                #expect(try s1.post("/v1/complaints/\(id)/assess", token: Token.dora, body: #"{"valid":true,"severity":"minor"}"#).status == 200)
            }
            for id in before.keys {
                let c = try #require(try s1.get("/v1/complaints/\(id)").json)
                before[id]!.version = c["version"] as? Int ?? -1
                before[id]!.status = c["status"] as? String ?? ""
            }
            // A second service on the same data directory must refuse to start.
            let second = Service(configuration: config, clock: clock)
            #expect(throws: (any Error).self) { _ = try second.start() }
            // ... and the first keeps working.
            #expect(try s1.get("/v1/complaints/\(waiting)").status == 200)
        }

        // While it is down, every dispatch deadline passes.
        clock.advance(by: 700)
        var escalatedVersions: [String: Int] = [:]
        do {
            let s2 = try Running(config, clock: clock)
            defer { s2.stop() }
            for (id, was) in before {
                let tracked = try s2.get("/v1/track/\(was.code)", token: nil)
                #expect(tracked.json?["id"] as? String == id)
            }
            // None was dispatched, so every dispatch deadline passed while the service was down.
            let fired = try eventually { try before.keys.allSatisfy { try escalatedCount(s2, $0) >= 1 } }
            #expect(fired, "deadlines that passed while down did not fire after restart")
            usleep(500_000)
            for (id, was) in before {
                #expect(try escalatedCount(s2, id) == 1)
                let c = try #require(try s2.get("/v1/complaints/\(id)").json)
                #expect(c["status"] as? String == was.status)
                #expect(c["version"] as? Int == was.version + 1, "only the escalation was added")
                escalatedVersions[id] = c["version"] as? Int
            }
        }

        do {
            let s3 = try Running(config, clock: clock)
            defer { s3.stop() }
            usleep(700_000)  // many scheduler ticks
            for (id, was) in before {
                #expect(try escalatedCount(s3, id) == 1, "fired again after the second restart")
                let c = try #require(try s3.get("/v1/complaints/\(id)").json)
                #expect(c["version"] as? Int == escalatedVersions[id])
                #expect(try s3.get("/v1/track/\(was.code)", token: nil).json?["id"] as? String == id)
            }
            // It still takes writes, with versions continuing.
            let r = try s3.post("/v1/complaints/\(waiting)/assess", token: Token.dora, body: #"{"valid":true,"severity":"minor"}"#)
            #expect(r.status == 200)
            #expect(r.json?["version"] as? Int == (escalatedVersions[waiting] ?? 0) + 1)
            let fresh = try s3.register(content: "After restart", unit: "909")
            #expect(fresh.status == 201)
            #expect(!before.keys.contains(fresh.json?["id"] as? String ?? ""))
        }
    }
}
