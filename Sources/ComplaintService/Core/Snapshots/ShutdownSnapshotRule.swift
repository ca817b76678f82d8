/// Whether the snapshot at shutdown fits in what is left of the grace period.
///
/// A snapshot begun and not finished is wasted and overruns the grace period (the supervisor
/// then kills the process; nothing is lost, the next start replays the tail). So one is written
/// only when the last one took at most half the time left: a machine busy at shutdown writes
/// slower than it did before. At ten million complaints right after a full replay, the rule
/// without that margin began a 7-second snapshot with 9 seconds left.
struct ShutdownSnapshotRule: Equatable {
    /// How long the last snapshot took to write (or, until this process wrote one, an estimate).
    var lastSeconds: Double
    /// What is left of the grace period for the snapshot.
    var secondsLeft: Double

    /// The share of the time left a snapshot may be expected to take.
    static let margin = 0.5

    /// A conservative estimate of writing a snapshot of `complaints`, when this process has
    /// neither written nor loaded one (a full replay of the log): 1 s per million complaints,
    /// about 1.5× what was measured at ten million (6.5 s).
    static func estimatedSeconds(complaints: Int) -> Double {
        Double(complaints) / 1_000_000
    }

    /// True when the snapshot is expected to finish with time to spare.
    var writes: Bool { lastSeconds <= secondsLeft * Self.margin }
}
