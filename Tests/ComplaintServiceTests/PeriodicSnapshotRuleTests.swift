import Testing

@testable import ComplaintService

/// Periodic snapshots wait until the tail is as long as the snapshot is heavy, so their cost per
/// event stays flat as the state grows, and a restart's replay after the newest stays bounded.
struct PeriodicSnapshotRuleTests {
    @Test func aStateOfOpenComplaintsWaitsForATailAsLongAsItsOpenComplaints() {
        // Creates only: 350 k complaints, all open. The 100 k events the store counts are not
        // enough: writing them all whole again took 2.2 s.
        #expect(!PeriodicSnapshotRule(tail: 100_000, open: 350_000, complaints: 350_000).isDue)
        #expect(!PeriodicSnapshotRule(tail: 349_999, open: 350_000, complaints: 350_000).isDue)
        #expect(PeriodicSnapshotRule(tail: 350_000, open: 350_000, complaints: 350_000).isDue)
    }

    @Test func closedComplaintsWeighATwentiethOfAnOpenOne() {
        // Ten million complaints, 200 k of them open: 200 k + 9.8 M / 20 = 690 k events.
        let state = PeriodicSnapshotRule(tail: 0, open: 200_000, complaints: 10_000_000)
        #expect(state.weight == 690_000)
        #expect(!PeriodicSnapshotRule(tail: 689_999, open: 200_000, complaints: 10_000_000).isDue)
        #expect(PeriodicSnapshotRule(tail: 690_000, open: 200_000, complaints: 10_000_000).isDue)
    }

    @Test func aSmallStateIsWrittenAsSoonAsTheStoreSaysSo() {
        // A company's first weeks: the store's own count (`store.snapshotEveryEvents`) decides.
        #expect(PeriodicSnapshotRule(tail: 100_000, open: 3_000, complaints: 40_000).isDue)
        #expect(PeriodicSnapshotRule(tail: 1, open: 1, complaints: 1).isDue)
        #expect(PeriodicSnapshotRule(tail: 0, open: 0, complaints: 0).isDue)
    }
}
