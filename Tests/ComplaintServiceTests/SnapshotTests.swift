import ComplaintService
import Foundation
import Testing

/// Snapshots: what a restart from a snapshot plus the log's tail serves equals what a full replay serves.
@Suite(.serialized)
struct SnapshotTests {
    /// GET bodies of every complaint, with the fields that depend on the reader's clock removed.
    private func views(_ running: Running, _ ids: [String]) throws -> [String] {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear, .year, .month, .day], from: Date())
        let week = String(format: "%04d-W%02d", parts.yearForWeekOfYear!, parts.weekOfYear!)
        let day = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        let reports = try ["/v1/reports/weekly?week=\(week)", "/v1/reports/daily?date=\(day)", "/metrics"].map { path -> String in
            let response = try running.get(path)
            #expect(response.status == 200, "\(path)")
            if path == "/metrics" {
                return response.text.split(separator: "\n").filter {
                    $0.hasPrefix("complaints_") || $0.hasPrefix("escalations_") || $0.hasPrefix("upgrades_")
                }.joined(separator: "\n")
            }
            return response.text
        }
        return try reports
            + ids.map { id in
                let response = try running.get("/v1/complaints/\(id)")
                #expect(response.status == 200)
                var object = response.json ?? [:]
                object.removeValue(forKey: "overdue")
                object.removeValue(forKey: "deadlines")
                let events = try running.events(id).map { jsonString($0) }
                return jsonString(object) + events.joined()
            }
    }

    @Test func restartFromSnapshotEqualsFullReplay() throws {
        let dir = try TempDir("snap")
        defer { dir.remove() }
        var ids: [String] = []
        do {
            let first = try Running(testConfiguration(dataDirectory: dir.path))
            for i in 0..<6 {
                let created = try first.register(content: "Leak number \(i)", unit: "12\(i)1")
                #expect(created.status == 201)
                ids.append(created.json?["id"] as? String ?? "")
            }
            #expect(
                try first.post(
                    "/v1/complaints/\(ids[0])/assess", token: Token.dora,
                    body: #"{"valid":true,"inScope":true,"severity":"important"}"#
                ).status == 200)
            first.stop()  // graceful: writes a snapshot
        }
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/snapshots").filter { $0.hasSuffix(".snap") }
        #expect(snapshots.count == 1)

        // More events after the snapshot: the next start loads the snapshot and replays only these.
        let second = try Running(testConfiguration(dataDirectory: dir.path))
        #expect(
            try second.post(
                "/v1/complaints/\(ids[1])/assess", token: Token.dora,
                body: #"{"valid":false,"explanation":"Municipal water supply, not ours"}"#
            ).status == 200)
        let extra = try second.register(content: "Registered after the snapshot", unit: "3301")
        ids.append(extra.json?["id"] as? String ?? "")
        let live = try views(second, ids)
        second.stop()

        let fromSnapshot = try Running(testConfiguration(dataDirectory: dir.path))
        let restored = try views(fromSnapshot, ids)
        fromSnapshot.stop()
        #expect(restored == live)

        // Without any snapshot the whole log is replayed, and the answers are the same.
        try FileManager.default.removeItem(atPath: dir.path + "/snapshots")
        try FileManager.default.createDirectory(atPath: dir.path + "/snapshots", withIntermediateDirectories: true)
        let fromLog = try Running(testConfiguration(dataDirectory: dir.path))
        let replayed = try views(fromLog, ids)
        #expect(replayed == live)
        // Writes still work and ids keep counting up after both kinds of start.
        let next = try fromLog.register(content: "After a full replay", unit: "4401")
        #expect(next.status == 201)
        #expect((next.json?["id"] as? String ?? "") > ids.last!)
        fromLog.stop()
    }
    @Test func aSnapshotWhoseChecksumFailsIsCaughtWhileLoadingAndTheOneBeforeServes() throws {
        let dir = try TempDir("snapbad")
        defer { dir.remove() }
        var ids: [String] = []
        do {
            let first = try Running(testConfiguration(dataDirectory: dir.path))
            for i in 0..<4 {
                let created = try first.register(content: "Leak number \(i)", unit: "15\(i)1")
                #expect(created.status == 201)
                ids.append(created.json?["id"] as? String ?? "")
            }
            first.stop()  // the older snapshot
        }
        let second = try Running(testConfiguration(dataDirectory: dir.path))
        #expect(
            try second.post(
                "/v1/complaints/\(ids[2])/assess", token: Token.dora,
                body: #"{"valid":true,"inScope":true,"severity":"important"}"#
            ).status == 200)
        ids.append(try second.register(content: "Registered between the snapshots", unit: "3301").json?["id"] as? String ?? "")
        let live = try views(second, ids)
        second.stop()  // the newer snapshot

        let directory = dir.path + "/snapshots"
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".snap") }.sorted()
        #expect(names.count == 2)
        let newest = URL(fileURLWithPath: directory + "/" + names.last!)
        var bytes = [UInt8](try Data(contentsOf: newest))
        // One letter's case flipped inside a complaint's text: well-formed JSON of the same length,
        // so only the checksum, computed while the file is loaded, can tell.
        let needle = Array("Leak number 2".utf8)
        let at = try #require(bytes.indices.dropLast(needle.count).first { bytes[$0..<$0 + needle.count].elementsEqual(needle) })
        bytes[at] ^= 0x20
        try Data(bytes).write(to: newest)

        let restarted = try Running(testConfiguration(dataDirectory: dir.path))
        let restored = try views(restarted, ids)
        restarted.stop()
        #expect(restored == live)
        #expect(!restored.joined().contains("leak number 2"))
    }

    @Test func idempotencyKeysSurviveSnapshotAfterSnapshot() throws {
        let dir = try TempDir("snapkeys")
        defer { dir.remove() }
        // Each run registers under a new key and stops (a snapshot), so the last snapshot carries
        // the keys of the snapshots before it as well as its own, and the log has no tail.
        var ids: [String: String] = [:]
        for key in ["key-a", "key-b", "key-c"] {
            let running = try Running(testConfiguration(dataDirectory: dir.path))
            let made = try running.register(content: "Gate \(key)", unit: "40\(ids.count)1", headers: [("Idempotency-Key", key)])
            #expect(made.status == 201 && made.header("Idempotent-Replayed") == nil, "\(made.text)")
            ids[key] = made.json?["id"] as? String
            running.stop()
        }
        let restarted = try Running(testConfiguration(dataDirectory: dir.path))
        defer { restarted.stop() }
        for (index, key) in ["key-a", "key-b", "key-c"].enumerated() {
            let again = try restarted.register(content: "Gate \(key)", unit: "40\(index)1", headers: [("Idempotency-Key", key)])
            #expect(again.status == 201 && again.header("Idempotent-Replayed") == "true", "\(key): \(again.text)")
            #expect(again.json?["id"] as? String == ids[key])
            let changed = try restarted.register(content: "Fence \(key)", unit: "40\(index)1", headers: [("Idempotency-Key", key)])
            #expect(changed.status == 422, "\(key): \(changed.text)")
        }
        #expect((try restarted.get("/v1/complaints").json?["items"] as? [Any])?.count == 3)
    }
}
