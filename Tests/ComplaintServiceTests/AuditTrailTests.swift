import ComplaintService
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The audit trail never shrinks silently, seen over HTTP: a damaged segment makes `/readyz`
/// degraded and `/metrics` count it, `/events` of a complaint whose history it held answers an
/// error instead of a shorter list, and `--repair` sets aside exactly the damaged record.
@Suite(.serialized)
struct AuditTrailTests {
    static let assessment =
        #"{"valid":true,"inScope":true,"severity":"minor","nature":"dissatisfaction","contentType":"equipment","category":"engineering"}"#

    /// Why a service on `configuration` refuses to start ("" and a recorded issue if it starts).
    func startupRefusal(_ configuration: ServiceConfiguration) throws -> String {
        do {
            let service = Service(configuration: configuration)
            _ = try service.start()
            service.shutdown()
            Issue.record("started on a damaged log")
            return ""
        } catch let error as StartupError {
            return error.description
        }
    }

    func segmentNames(_ dir: TempDir) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path + "/log").filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix("quarantine") }
            .sorted()
    }

    @Test func aDeletedSegmentACoveringSnapshotHidesIsReportedAndItsHistoriesRefused() throws {
        let dir = try TempDir("audit-deleted")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path, fsync: "always")
        configuration.segmentMaxBytes = 2048
        // The stop must write its snapshot: the harness's 2 s grace abandoned it once on a
        // machine busy with another test run beside this one.
        configuration.shutdownGraceSeconds = 30
        var ids: [String] = []
        do {
            let running = try Running(configuration)
            for index in 0..<16 {
                let r = try running.register(content: "Complaint number \(index) about the lift", unit: "\(1200 + index)")
                ids.append(try #require(r.json?["id"] as? String))
            }
            running.stop()  // writes a snapshot covering everything
        }
        let segments = try segmentNames(dir)
        #expect(segments.count >= 3)
        try FileManager.default.removeItem(atPath: dir.path + "/log/" + segments[0])

        let running = try Running(configuration)
        defer { running.stop() }
        let ready = try running.get("/readyz", token: nil)
        #expect(ready.status == 200)
        #expect(ready.json?["status"] as? String == "degraded")
        let damage = (ready.json?["auditTrail"] as? [String: Any])?["damage"] as? [[String: Any]] ?? []
        #expect(damage.map { $0["file"] as? String } == [segments[0]])
        #expect(damage.first?["reason"] as? String == "the segment is missing")
        #expect(try running.get("/metrics", token: nil).text.contains("eventlog_damaged_segments 1"))

        // The first complaint's registration was in the deleted segment: an error, not a short list.
        let refused = try running.get("/v1/complaints/\(ids[0])/events")
        #expect(refused.status == 500)
        #expect((refused.json?["type"] as? String)?.hasSuffix("/audit-trail-damaged") == true)
        #expect(refused.json?["files"] as? [String] == [segments[0]])
        // Its state is still served (from the snapshot), and other histories are whole.
        #expect(try running.get("/v1/complaints/\(ids[0])").status == 200)
        #expect(try running.events(ids[15]).count >= 1)
    }

    @Test func repairSetsAsideOnlyTheDamagedRecordAndTheHistoryItBelongedToIsRefused() throws {
        let dir = try TempDir("audit-repair")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path, fsync: "always")
        var ids: [String] = []
        var damagedSequence = 0
        do {
            let running = try Running(configuration)
            for index in 0..<3 {
                ids.append(try #require(try running.register(content: "Complaint \(index)", unit: "\(1300 + index)").json?["id"] as? String))
            }
            #expect(try running.post("/v1/complaints/\(ids[1])/assess", token: Token.dora, body: Self.assessment).status == 200)
            ids.append(try #require(try running.register(content: "Registered after the damage", unit: "1399").json?["id"] as? String))
            let assessed = try running.events(ids[1]).first { ($0["type"] as? String) == "complaint.assessed" }
            damagedSequence = try #require(assessed?["sequence"] as? Int)
            running.stop()
        }
        // The state must be rebuilt from the log: no snapshot to cover the damage.
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path + "/snapshots") {
            try FileManager.default.removeItem(atPath: dir.path + "/snapshots/" + name)
        }
        let segment = dir.path + "/log/0000000001.jsonl"
        var text = try String(contentsOfFile: segment, encoding: .utf8)
        let marker = "{\"seq\":\(damagedSequence),"
        let line = try #require(text.range(of: marker))
        let inData = try #require(text.range(of: "\"data\":{", range: line.upperBound..<text.endIndex))
        text.replaceSubrange(inData.upperBound..<text.index(after: inData.upperBound), with: "X")
        try text.write(toFile: segment, atomically: false, encoding: .utf8)

        // A plain start refuses, naming the file, the line and the offset.
        let refusal = try startupRefusal(configuration)
        #expect(refusal.contains("0000000001.jsonl line"))
        #expect(refusal.contains("offset"))
        #expect(refusal.contains("--repair"))

        configuration.repair = true
        let running = try Running(configuration)
        defer { running.stop() }
        let refused = try running.get("/v1/complaints/\(ids[1])/events")
        #expect(refused.status == 500)
        #expect(refused.json?["sequences"] as? [String] == [String(damagedSequence)])
        // Every other history is whole, including the records after the damaged one.
        #expect(try running.events(ids[0]).count >= 1)
        #expect(try running.events(ids[2]).count >= 1)
        #expect(try running.events(ids[3]).count >= 1)
        #expect(try running.get("/v1/complaints/\(ids[3])").status == 200)
        let ready = try running.get("/readyz", token: nil)
        #expect(ready.status == 200)
        let lost = (ready.json?["auditTrail"] as? [String: Any])?["lost"] as? [[String: Any]] ?? []
        #expect(lost.map { $0["sequences"] as? String } == [String(damagedSequence)])
        #expect(try running.get("/metrics", token: nil).text.contains("eventlog_lost_records 1"))
        #expect(try running.register(content: "After the repair", unit: "1400").status == 201)
    }

    @Test func aDamagedRecordInASealedSegmentRefusesTheStartNamingItAndRepairSetsItAside() throws {
        let dir = try TempDir("audit-sealed")
        defer { dir.remove() }
        var configuration = testConfiguration(dataDirectory: dir.path, fsync: "always")
        configuration.segmentMaxBytes = 2048
        do {
            let running = try Running(configuration)
            for index in 0..<8 {
                #expect(try running.register(content: "Complaint number \(index) about the lift", unit: "\(1500 + index)").status == 201)
            }
            running.stop()
        }
        // No snapshot: every segment is replayed, the sealed ones read line by line only by the replay.
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path + "/snapshots") {
            try FileManager.default.removeItem(atPath: dir.path + "/snapshots/" + name)
        }
        let segments = try segmentNames(dir)
        try #require(segments.count >= 3)
        let segment = dir.path + "/log/" + segments[0]
        var bytes = try #require(FileManager.default.contents(atPath: segment).map { Array($0) })
        let newlines = bytes.indices.filter { bytes[$0] == 0x0A }
        try #require(newlines.count >= 3)
        // The second line, between two good ones: the first byte inside its data object.
        let offset = newlines[0] + 1
        let marker = Array("\"data\":{".utf8)
        let data = try #require((offset..<newlines[1]).first { Array(bytes[$0..<min($0 + marker.count, bytes.count)]) == marker })
        bytes[data + marker.count] = UInt8(ascii: "X")
        try Data(bytes).write(to: URL(fileURLWithPath: segment))

        let refusal = try startupRefusal(configuration)
        #expect(refusal.hasPrefix("corrupt log: \(segment) line 2 (offset \(offset)): "))
        #expect(refusal.contains("--repair"))

        configuration.repair = true
        let running = try Running(configuration)
        defer { running.stop() }
        let ready = try running.get("/readyz", token: nil)
        #expect(ready.status == 200)
        let lost = (ready.json?["auditTrail"] as? [String: Any])?["lost"] as? [[String: Any]] ?? []
        #expect(lost.count == 1)
        #expect(try running.register(content: "After the repair", unit: "1599").status == 201)
    }
}
