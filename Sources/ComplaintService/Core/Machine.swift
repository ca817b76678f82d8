import Dispatch
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

    /// `body` of each index below `count`, in order, worked out on `workers` threads, each taking
    /// every `workers`-th index (on the calling thread alone when `workers` is 1 or less): for
    /// complaints read from the log, each a chain of reads and a fold independent of the others.
    static func map<Value>(_ count: Int, workers: Int, _ body: @Sendable (Int) -> Value?) -> [Value?] {
        guard workers > 1 else { return (0..<count).map(body) }
        var results = [Value?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            // nonisolated(unsafe) is safe: each worker writes only its own indexes of the buffer,
            // and concurrentPerform returns after every worker finished.
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in stride(from: worker, to: count, by: workers) { output[index] = body(index) }
            }
        }
        return results
    }
}
