// Group commit: one writer thread takes everything queued, encodes it into one
// buffer, makes one write and one fdatasync, then runs the completions. Appends
// that arrive during the fsync wait for the next round, so the cost of an fsync
// is shared by every append it covers.

import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The single writer of the active segment.
final class GroupCommitWriter: @unchecked Sendable {
    // @unchecked: the vars below are touched only by the writer thread after start();
    // everything shared lives in `shared`.
    let shared: Mutex<WriterShared>
    private let wakeup = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let layout: LogLayout
    private let policy: FsyncPolicy
    private let segmentMaxBytes: UInt64
    private let now: @Sendable () -> Int64
    private let log: StoreLog

    private var descriptor: Int32
    private var segmentNumber: UInt32
    private var segmentSize: UInt64
    private var nextSequence: UInt64
    private var buffer: [UInt8] = []
    private var hasUnsyncedBytes = false
    private var lastSyncUptime = DispatchTime.now().uptimeNanoseconds

    init(layout: LogLayout, recovered: RecoveredLog, snapshotSequence: UInt64, policy: FsyncPolicy,
         segmentMaxBytes: Int, now: @escaping @Sendable () -> Int64, log: @escaping StoreLog) throws {
        let active = recovered.segments.last!
        descriptor = try FileSystem.open(layout.segmentPath(active.number), O_RDWR)
        segmentNumber = active.number
        segmentSize = active.size
        // A log emptied by snapshot pruning continues after the snapshot, not at 1.
        let last = max(recovered.lastSequence, recovered.segments.contains { $0.lastSequence != nil } ? 0 : snapshotSequence)
        nextSequence = last + 1
        var state = WriterShared(lastSequence: last, segments: recovered.segments)
        state.statistics.logBytes = recovered.segments.reduce(0) { $0 + $1.size }
        shared = Mutex(state)
        self.layout = layout
        self.policy = policy
        self.segmentMaxBytes = UInt64(max(1, segmentMaxBytes))
        self.now = now
        self.log = log
    }

    /// Starts the writer thread.
    func start() {
        let thread = Thread { [self] in self.run() }
        thread.name = "EventStore.writer"
        thread.start()
    }

    /// Queues an append, or fails it at once if the store is closed or read-only.
    func enqueue(_ append: PendingAppend) {
        enum Outcome { case queued(wake: Bool), rejected(StoreError) }
        let outcome: Outcome = shared.withLock { state in
            if state.isClosing { return .rejected(.closed) }
            if let failure = state.failure { return .rejected(failure) }
            state.queue.append(append)
            if state.writerIsWaiting {
                state.writerIsWaiting = false
                return .queued(wake: true)
            }
            return .queued(wake: false)
        }
        switch outcome {
        case .queued(let wake): if wake { wakeup.signal() }
        case .rejected(let error): append.completion(.failure(error))
        }
    }

    /// Lets the queue drain, syncs, stops the thread and closes the segment.
    func close() {
        let wasRunning = shared.withLock { state in
            defer { state.isClosing = true }
            return !state.isClosing
        }
        guard wasRunning else { return }
        wakeup.signal()
        finished.wait()
    }

    /// Size of the previous batch, to decide whether waiting a moment would fill the next one.
    private var lastBatchSize = 0

    private func run() {
        while true {
            var batch: [PendingAppend] = []
            let (closing, idle) = shared.withLock { state -> (Bool, Bool) in
                if state.queue.isEmpty {
                    if !state.isClosing { state.writerIsWaiting = true }
                    return (state.isClosing, true)
                }
                swap(&batch, &state.queue)
                return (state.isClosing, false)
            }
            if !idle {
                // Group commit: after a batch of several, the callers it answered are about to
                // append again; a moment's wait (at most ~100 µs) lets them join this batch instead
                // of each paying a sync of its own. A lone writer (batch of 1) never waits, and a batch
                // already three quarters as full as the last one goes at once.
                let enough = lastBatchSize * 3 / 4
                if lastBatchSize > 1 && batch.count < enough {
                    for _ in 0..<2 {
                        usleep(50)
                        let more = shared.withLock { state -> [PendingAppend] in
                            var taken: [PendingAppend] = []
                            swap(&taken, &state.queue)
                            return taken
                        }
                        batch.append(contentsOf: more)
                        if batch.count >= enough { break }
                    }
                }
                lastBatchSize = batch.count
                commit(batch)
                continue
            }
            if closing { break }
            if policy == .interval && hasUnsyncedBytes {
                let due = lastSyncUptime &+ 1_000_000_000
                _ = wakeup.wait(timeout: DispatchTime(uptimeNanoseconds: due))
                syncIfDue()
            } else {
                wakeup.wait()
            }
        }
        // Close flushes whatever the policy left unsynced, even under `never`.
        if hasUnsyncedBytes { try? timedSync() }
        FileSystem.close(descriptor)
        finished.signal()
    }

    /// Writes the batch in as few chunks as segment boundaries allow, one write + one sync each.
    private func commit(_ appends: [PendingAppend]) {
        if let failure = shared.withLock({ $0.failure }) {
            for append in appends { append.completion(.failure(failure)) }
            return
        }
        var index = 0
        while index < appends.count {
            buffer.removeAll(keepingCapacity: true)
            let timestamp = now()
            var sequence = nextSequence
            var results: [[StoredRecord]] = []
            var needsRoll = false
            let first = index
            while index < appends.count {
                let mark = buffer.count
                var stored: [StoredRecord] = []
                stored.reserveCapacity(appends[index].records.count)
                for record in appends[index].records {
                    let offset = segmentSize + UInt64(buffer.count)
                    let length = RecordFormat.encode(sequence: sequence, timestampMillis: timestamp, record: record, into: &buffer)
                    stored.append(StoredRecord(
                        sequence: sequence, timestampMillis: timestamp, type: record.type, stream: record.stream,
                        payload: record.payload,
                        position: RecordPosition(segment: segmentNumber, offset: offset, length: UInt32(length))))
                    sequence += 1
                }
                // An append never straddles segments; an oversized one gets a fresh segment to itself.
                if segmentSize + UInt64(buffer.count) > segmentMaxBytes && (segmentSize > 0 || mark > 0) {
                    buffer.removeSubrange(mark...)
                    sequence -= UInt64(stored.count)
                    needsRoll = true
                    break
                }
                results.append(stored)
                index += 1
            }
            if !results.isEmpty {
                do {
                    try writeBuffer()
                } catch {
                    fail(appends[first...], error: error, operation: "write")
                    return
                }
                nextSequence = sequence
                complete(appends[first..<index], results)
            }
            if needsRoll {
                do {
                    try roll()
                } catch {
                    fail(appends[index...], error: error, operation: "roll segment")
                    return
                }
            }
        }
    }

    /// One pwrite of the buffer at the segment's end, then the sync the policy promises.
    private func writeBuffer() throws {
        let injected = shared.withLock { state -> Int32? in
            defer { state.injectedWriteErrno = nil }
            return state.injectedWriteErrno
        }
        let path = layout.segmentPath(segmentNumber)
        try buffer.withUnsafeBytes { bytes in
            if let injected {
                // Simulate a disk that fills mid-write: half the bytes land, then the error.
                try FileSystem.pwriteAll(descriptor, UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count / 2)]), at: segmentSize, path: path)
                throw StoreError.io(operation: "pwrite", path: path, errno: injected)
            }
            try FileSystem.pwriteAll(descriptor, bytes, at: segmentSize, path: path)
        }
        hasUnsyncedBytes = true
        switch policy {
        case .always: try timedSync()
        case .interval: syncIfDue()
        case .never: break
        }
    }

    /// fdatasync with its duration recorded.
    private func timedSync() throws {
        let start = DispatchTime.now().uptimeNanoseconds
        try FileSystem.fdatasync(descriptor, path: layout.segmentPath(segmentNumber))
        let end = DispatchTime.now().uptimeNanoseconds
        lastSyncUptime = end
        hasUnsyncedBytes = false
        let seconds = Double(end - start) / 1e9
        shared.withLock { $0.statistics.fsyncDurationBuckets.observe(seconds) }
    }

    /// Interval policy: sync if a second has passed since the last one. A failure makes the store read-only.
    private func syncIfDue() {
        guard hasUnsyncedBytes, DispatchTime.now().uptimeNanoseconds &- lastSyncUptime >= 1_000_000_000 else { return }
        do {
            try timedSync()
        } catch {
            markFailed(error, operation: "fdatasync")
        }
    }

    /// Publishes the written chunk and runs its completions.
    private func complete(_ appends: ArraySlice<PendingAppend>, _ results: [[StoredRecord]]) {
        let written = UInt64(buffer.count)
        let count = results.reduce(0) { $0 + $1.count }
        let firstSequence = results.first?.first?.sequence
        shared.withLock { state in
            state.lastSequence = nextSequence - 1
            let active = state.segments.count - 1
            state.segments[active].size += written
            if state.segments[active].firstSequence == nil { state.segments[active].firstSequence = firstSequence }
            state.segments[active].lastSequence = nextSequence - 1
            state.statistics.appendsTotal += 1
            state.statistics.recordsTotal += UInt64(count)
            state.statistics.logBytes += written
            state.statistics.batchSizeBuckets.observe(Double(count))
        }
        segmentSize += written
        for (append, stored) in zip(appends, results) {
            append.completion(.success(stored))
        }
    }

    /// Makes the full segment durable (data and size), then starts the next one.
    private func roll() throws {
        let oldPath = layout.segmentPath(segmentNumber)
        try FileSystem.fsync(descriptor, path: oldPath)
        hasUnsyncedBytes = false
        let number = segmentNumber + 1
        let next = try FileSystem.open(layout.segmentPath(number), O_RDWR | O_CREAT | O_EXCL)
        FileSystem.close(descriptor)
        descriptor = next
        segmentNumber = number
        segmentSize = 0
        // The new name must survive a crash before any record in it is acknowledged.
        try FileSystem.syncDirectory(layout.logDirectory)
        shared.withLock { $0.segments.append(SegmentInfo(number: number, size: 0)) }
    }

    /// Undoes a partial write, fails the appends and turns the store read-only.
    private func fail(_ appends: ArraySlice<PendingAppend>, error: Error, operation: String) {
        // No partial line may stay behind: recovery would call it corruption once more lines follow.
        let path = layout.segmentPath(segmentNumber)
        do {
            try FileSystem.ftruncate(descriptor, segmentSize, path: path)
        } catch {
            log("error", "could not truncate after a failed write", ["file": path, "offset": String(segmentSize), "error": "\(error)"])
        }
        let failure = markFailed(error, operation: operation)
        for append in appends { append.completion(.failure(failure)) }
    }

    @discardableResult
    private func markFailed(_ error: Error, operation: String) -> StoreError {
        let code: Int32
        var name = operation
        if case StoreError.io(let failed, _, let errno) = error {
            code = errno
            name = failed
        } else {
            code = EIO
        }
        let failure = StoreError.writeFailed(errno: code, operation: name)
        log("error", "log write failed; store is now read-only", ["operation": name, "error": errnoName(code), "file": layout.segmentPath(segmentNumber)])
        shared.withLock { state in
            if state.failure == nil { state.failure = failure }
            state.statistics.isWritable = false
        }
        return failure
    }
}
