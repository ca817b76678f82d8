import Foundation
import Testing

@testable import ComplaintService

/// Snapshots never hold a shutdown past its grace period: the one at shutdown is written only
/// when it should finish with time to spare, and one still being written at the end is abandoned.
struct ShutdownSnapshotBoundTests {
    @Test func aSnapshotTakingMostOfTheTimeLeftIsSkipped() {
        // Ten million complaints right after a full replay: the periodic snapshot took 7 s, and
        // 9 s are left of the grace period. Begun, it would end with the grace period nearly spent.
        #expect(!ShutdownSnapshotRule(lastSeconds: 7, secondsLeft: 9).writes)
        #expect(!ShutdownSnapshotRule(lastSeconds: 4.6, secondsLeft: 9).writes)
    }

    @Test func aQuickSnapshotIsWritten() {
        #expect(ShutdownSnapshotRule(lastSeconds: 0.2, secondsLeft: 9).writes)
        #expect(ShutdownSnapshotRule(lastSeconds: 4.5, secondsLeft: 9).writes)
    }

    @Test func noTimeLeftWritesNothing() {
        #expect(!ShutdownSnapshotRule(lastSeconds: 0.01, secondsLeft: 0).writes)
    }

    @Test func withNoSnapshotYetTheSizeOfTheStateDecides() {
        // After a full replay the process has neither written nor loaded a snapshot.
        let large = ShutdownSnapshotRule.estimatedSeconds(complaints: 10_000_000)
        let small = ShutdownSnapshotRule.estimatedSeconds(complaints: 20_000)
        #expect(!ShutdownSnapshotRule(lastSeconds: large, secondsLeft: 9).writes)
        #expect(ShutdownSnapshotRule(lastSeconds: small, secondsLeft: 9).writes)
    }

    @Test func aSnapshotStillBeingWrittenWhenTheGracePeriodEndsIsAbandonedAndNothingIsLost() throws {
        let dir = try TempDir("snapshot-abandoned")
        defer { dir.remove() }
        let running = try Running(testConfiguration(dataDirectory: dir.path))
        let (id, _) = try running.newComplaint()
        let core = try #require(running.service.parts.withLock { $0?.core })
        core.abandonSnapshots(at: Date())  // the grace period is over
        #expect(throws: SnapshotAbandoned.self) { try core.writeSnapshot() }
        // Neither a snapshot nor its unfinished file is left behind.
        let left = (try? FileManager.default.contentsOfDirectory(atPath: dir.path + "/snapshots")) ?? []
        #expect(left.isEmpty, "\(left)")
        running.stop()
        // The next start replays the log: the complaint is there.
        let restarted = try Running(testConfiguration(dataDirectory: dir.path))
        defer { restarted.stop() }
        #expect(try restarted.get("/v1/complaints/\(id)").status == 200)
    }
}
