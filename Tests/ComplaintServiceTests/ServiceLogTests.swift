import ComplaintService
import Foundation
import Telemetry
import TestSupport
import Testing

/// The service writes its lines to the logger it is given, so an operator (or a test) can send
/// them anywhere: start-up says what it recovered and where it listens, shutdown what it saved.
struct ServiceLogTests {
    @Test func startAndShutdownAreReportedThroughTheGivenLogger() throws {
        let dir = try TempDir("service-log")
        defer { dir.remove() }
        let capture = try PipeCapture()
        let log = Log(fd: capture.writeEnd)
        let service = Service(configuration: testConfiguration(dataDirectory: dir.path), log: log)
        let port = try service.start()
        #expect(try http(port, "POST", "/v1/complaints", token: Token.rita, body: registrationBody(content: "楼道灯坏了")).status == 201)
        service.shutdown()
        #expect(log.flush(timeoutSeconds: 10))
        let lines = capture.jsonLines().compactMap { $0 }
        let listening = lines.first { $0["msg"] as? String == "listening" }
        #expect(listening?["port"] as? Int == port, "\(lines)")
        #expect(lines.contains { $0["msg"] as? String == "state recovered" })
        // The store's line says the bytes; the service's the complaints the snapshot holds.
        let snapshot = lines.first { $0["msg"] as? String == "snapshot written" && $0["complaints"] != nil }
        #expect(snapshot?["complaints"] as? Int == 1, "\(lines)")
    }
}

/// Shutdown stays within its grace period whatever the size of the state: when the last snapshot
/// took longer than half the time left, the one at shutdown is skipped, and the next start replays the
/// tail after the periodic snapshot — nothing is lost.
struct ShutdownSnapshotTests {
    static let skipped = "snapshot at shutdown skipped: the last one took longer than half the time left"

    @Test func aSnapshotThatWouldOverrunTheGracePeriodIsSkippedAndTheTailReplayed() throws {
        let dir = try TempDir("shutdown-snapshot")
        defer { dir.remove() }
        var ids: [String] = []
        let lines = try Self.runWithShortGrace(dir, snapshotEveryEvents: 1) { port in
            ids.append(try Self.register(port, "楼道灯坏了"))
            // The periodic snapshotter (checks every 5 s) writes one and measures how long it took.
            let snapshots = dir.path + "/snapshots"
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline,
                (try? FileManager.default.contentsOfDirectory(atPath: snapshots))?.contains(where: { $0.hasSuffix(".snap") }) != true
            {
                Thread.sleep(forTimeInterval: 0.1)
            }
            ids.append(try Self.register(port, "电梯停在三楼"))
        }
        #expect(lines.contains { $0["msg"] as? String == Self.skipped }, "\(lines)")
        try Self.expectServed(ids, dir)
    }

    @Test func afterARestartTheLoadedSnapshotBoundsTheOneAtShutdown() throws {
        let dir = try TempDir("shutdown-after-restart")
        defer { dir.remove() }
        // A first run leaves a snapshot behind (written at its shutdown).
        var ids: [String] = []
        do {
            let first = try Running(testConfiguration(dataDirectory: dir.path))
            ids.append(try first.newComplaint().0)
            first.stop()
        }
        let snapshots = (try? FileManager.default.contentsOfDirectory(atPath: dir.path + "/snapshots")) ?? []
        #expect(snapshots.contains { $0.hasSuffix(".snap") }, "\(snapshots)")
        // The second run loads it and has written none itself: with no time left in the grace
        // period, the one at shutdown is skipped rather than begun and cut off.
        let lines = try Self.runWithShortGrace(dir) { port in ids.append(try Self.register(port, "电梯停在三楼")) }
        #expect(lines.contains { $0["msg"] as? String == "snapshot loaded" }, "\(lines)")
        #expect(lines.contains { $0["msg"] as? String == Self.skipped }, "\(lines)")
        // Nothing is lost: the next start replays the tail after the loaded snapshot.
        try Self.expectServed(ids, dir)
    }

    /// Runs a service on `dir` with half a second of grace (no time for a snapshot after the
    /// drain), calls `body` with its port, shuts it down, and returns its log lines.
    private static func runWithShortGrace(
        _ dir: TempDir, snapshotEveryEvents: Int? = nil, _ body: (Int) throws -> Void
    ) throws -> [[String: Any]] {
        var configuration = testConfiguration(dataDirectory: dir.path)
        if let snapshotEveryEvents { configuration.snapshotEveryEvents = snapshotEveryEvents }
        configuration.shutdownGraceSeconds = 0.5
        let capture = try PipeCapture()
        let log = Log(fd: capture.writeEnd)
        let service = Service(configuration: configuration, log: log)
        let port = try service.start()
        try body(port)
        service.shutdown()
        #expect(log.flush(timeoutSeconds: 10))
        return capture.jsonLines().compactMap { $0 }
    }

    /// Registers a complaint; its id.
    private static func register(_ port: Int, _ content: String) throws -> String {
        let answer = try http(port, "POST", "/v1/complaints", token: Token.rita, body: registrationBody(content: content))
        #expect(answer.status == 201)
        return try #require(answer.json?["id"] as? String)
    }

    /// A fresh start on `dir` serves every complaint in `ids`.
    private static func expectServed(_ ids: [String], _ dir: TempDir) throws {
        let restarted = try Running(testConfiguration(dataDirectory: dir.path))
        defer { restarted.stop() }
        for id in ids { #expect(try restarted.get("/v1/complaints/\(id)").status == 200, "\(id)") }
    }
}
