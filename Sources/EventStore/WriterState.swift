// What callers and the writer thread share, behind one mutex: the queue of
// pending appends, the segment catalog and the counters.

import Synchronization

/// One append() call: its records go in one segment, all or none.
struct PendingAppend: Sendable {
    var records: [NewRecord]
    var completion: @Sendable (Result<[StoredRecord], StoreError>) -> Void
}

/// State guarded by the writer's mutex.
struct WriterShared: Sendable {
    /// Appends waiting for the next group commit.
    var queue: [PendingAppend] = []
    /// The writer is (about to be) blocked on its semaphore and needs a signal.
    var writerIsWaiting = false
    /// close() was called: no new appends; the writer drains and exits.
    var isClosing = false
    /// Set by the first write error; every later append fails fast with it.
    var failure: StoreError?
    /// Test hook: the next write fails with this errno after writing half its bytes.
    var injectedWriteErrno: Int32?
    /// Sequence of the last record written (and synced, under `always`).
    var lastSequence: UInt64
    /// All segments, oldest first; the last one is the active segment.
    var segments: [SegmentInfo]
    /// Counters for metrics.
    var statistics = StoreStatistics()
}
