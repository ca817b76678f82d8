import Testing

@testable import ComplaintService

/// The snapshot at shutdown is written only when it should finish with time to spare.
struct ShutdownSnapshotRuleTests {
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
}
