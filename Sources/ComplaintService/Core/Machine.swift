import Foundation

/// Facts about the machine, asked once: Foundation reads the cgroup's CPU quota from files at
/// every `activeProcessorCount`, and the large buffer it reads with made malloc consolidate its
/// free lists (12 % of a replay's reading thread when it was asked per batch).
enum Machine {
    /// The cores this process may use.
    static let cores = ProcessInfo.processInfo.activeProcessorCount
}
