/// Whether a periodic snapshot is worth writing yet, once the store's count or time says one is
/// due (`store.snapshotEveryEvents`, `store.snapshotEverySeconds`).
///
/// A snapshot's cost grows with the whole state, a restart's replay with the tail since the last
/// one. An open complaint is written whole (≈ 6 µs and ≈ 870 bytes each when every complaint
/// is open), a closed one as its compact record, about a twentieth of that. So one is written
/// only when the tail is at least as long as the snapshot is heavy: the snapshots then cost the
/// same per event however large the state grows (as Redis rewrites its append-only file once it
/// has grown by its own size), and a restart replays at most about that many events after
/// loading the newest. A fixed count let them grow with the state: with 350 k open complaints
/// each took 2.2 s of CPU, every 100 k creates.
struct PeriodicSnapshotRule: Equatable {
    /// Events applied since the last snapshot.
    var tail: Int
    /// Complaints held whole (open, or closed and read back lately).
    var open: Int
    /// All complaints, open or closed.
    var complaints: Int

    /// How many closed complaints weigh as much as an open one in a snapshot.
    static let closedPerOpen = 20

    /// The snapshot's weight in events: its open complaints and a share of its closed ones.
    var weight: Int { open + max(0, complaints - open) / Self.closedPerOpen }

    /// True when the tail has grown as long as the snapshot is heavy.
    var isDue: Bool { tail >= weight }
}
