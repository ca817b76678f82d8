import ComplaintService
import Foundation
import Testing

/// Reads of an unchanged complaint reuse its encoded view, but never a stale one: a new event
/// (version) or the clock passing a deadline (an `overdue` flag) makes a fresh body.
@Suite(.serialized)
struct BodyCacheTests {
    @Test func aReusedBodyFollowsTheClockAndTheVersion() throws {
        let dir = try TempDir("bodycache")
        defer { dir.remove() }
        let clock = ManualClock(start: Date(timeIntervalSince1970: 1_795_000_000))
        var configuration = testConfiguration(dataDirectory: dir.path)
        configuration.schedulerTickSeconds = 60  // the scheduler stays out of the way after its first tick
        let running = try Running(configuration, clock: clock)
        defer { running.stop() }
        let id = try #require(try running.register().json?["id"] as? String)

        let first = try running.get("/v1/complaints/\(id)").json ?? [:]
        #expect(first["overdue"] as? Bool == false)
        #expect(try running.get("/v1/complaints/\(id)").json?["overdue"] as? Bool == false)

        clock.advance(by: 601)  // past the 10-minute dispatch clock; no event has happened
        let later = try running.get("/v1/complaints/\(id)").json ?? [:]
        #expect(later["overdue"] as? Bool == true)
        #expect(later["version"] as? Int == first["version"] as? Int)

        // Another caller's allowed actions are its own, not the cached caller's.
        let asDirector = try running.get("/v1/complaints/\(id)", token: Token.dora).json?["allowedActions"] as? [String] ?? []
        let asReceptionist = try running.get("/v1/complaints/\(id)", token: Token.rita).json?["allowedActions"] as? [String] ?? []
        #expect(asDirector.contains("assess"))
        #expect(!asReceptionist.contains("assess"))

        #expect(try running.post("/v1/complaints/\(id)/assess", token: Token.dora, body: #"{"valid":true,"severity":"minor"}"#).status == 200)
        let assessed = try running.get("/v1/complaints/\(id)").json ?? [:]
        #expect(assessed["status"] as? String == "assessed")
        #expect(assessed["severity"] as? String == "minor")
    }
}
