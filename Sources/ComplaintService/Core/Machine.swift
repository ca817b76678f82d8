import Foundation

/// Facts about the machine, asked once: Foundation reads the cgroup's CPU quota from files at
/// every `activeProcessorCount`, and the large buffer it reads with made malloc consolidate its
/// free lists (12 % of a replay's reading thread when it was asked per batch).
enum Machine {
    /// The cores this process may use.
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// The HTTP event loops by default: one per core but one, and at least one. The last core is
    /// the store's (group commit, replay, snapshots, the access log's writer). On two cores, with
    /// the client on the same machine, two loops took turns on one core and served a third fewer
    /// `GET /healthz` than one (`Benchmarks/README.md`, session 22).
    static let defaultEventLoops = max(1, cores - 1)
}
