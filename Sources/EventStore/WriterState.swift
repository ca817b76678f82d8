// What callers and the writer thread share, behind one mutex: the queue of
// pending appends, the segment catalog and the counters.

import Synchronization

/// One append() call: its records go in one segment, all or none. No records: a sync barrier
/// (completes once everything appended before it is durable).
struct PendingAppend: Sendable {
    var records: [NewRecord]
    var completion: @Sendable (Result<[StoredRecord], StoreError>) -> Void
}

/// Whether the writer takes appends.
enum WriteState: Sendable, Equatable {
    case accepting
    /// A write failed; the log was put back to its last durable record. Probes every retry interval.
    case suspended(sinceMillis: Int64)
    /// A write failed and the log could not be put back: a restart is needed.
    case halted(sinceMillis: Int64)
}

/// Test hooks: faults the writer injects into its own writes.
struct InjectedFaults: Sendable {
    /// The next log write fails with this errno after writing half its bytes.
    var nextWrite: Int32?
    /// Every log write and probe fails with this errno until cleared (a disk that stays full).
    var everyWrite: Int32?
    /// The next truncate that puts the log back after a failure fails with this errno.
    var nextTruncate: Int32?
}

/// State guarded by the writer's mutex.
struct WriterShared: Sendable {
    /// Appends waiting for the next group commit.
    var queue: [PendingAppend] = []
    /// The writer is (about to be) blocked on its semaphore and needs a signal.
    var writerIsWaiting = false
    /// close() was called: no new appends; the writer drains and exits.
    var isClosing = false
    /// Set by a write error; appends fail fast with it until a probe succeeds (or for good when halted).
    var failure: StoreError?
    /// Accepting, suspended after a failure, or halted.
    var writeState = WriteState.accepting
    /// Test hooks.
    var faults = InjectedFaults()
    /// CRC-32C of the first `length` bytes of segment `segment` (the part found at open), from the
    /// background pass, so sealing that segment needs no second read of it.
    var activePrefix: (segment: UInt32, length: UInt64, checksum: UInt32)?
    /// Sequence of the last record written (and synced, under `always`).
    var lastSequence: UInt64
    /// All segments, oldest first; the last one is the active segment.
    var segments: [SegmentInfo]
    /// Counters for metrics.
    var statistics = StoreStatistics()
}
