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
    let wakeup = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    let layout: LogLayout
    let policy: FsyncPolicy
    private let segmentMaxBytes: UInt64
    /// How long a suspended writer waits between probes.
    let retryInterval: Double
    let manifest: SegmentManifest
    let now: @Sendable () -> Int64
    let log: StoreLog

    var descriptor: Int32
    var segmentNumber: UInt32
    var segmentSize: UInt64
    /// CRC-32C of the active segment's bytes from `checksumBase` on, and its first and last
    /// record, for sealing it (the bytes before `checksumBase` were on disk at open).
    var segmentChecksum: UInt32
    var checksumBase: UInt64
    var segmentFirst: UInt64?
    var segmentLast: UInt64?
    var nextSequence: UInt64
    var buffer: [UInt8] = []
    var hasUnsyncedBytes = false
    var lastSyncUptime = DispatchTime.now().uptimeNanoseconds
    /// Size of the batch that failed: a probe writes at least as much.
    var failedBatchBytes = 0

    init(layout: LogLayout, recovered: RecoveredLog, policy: FsyncPolicy, segmentMaxBytes: Int, retryInterval: Double,
         manifest: SegmentManifest, now: @escaping @Sendable () -> Int64, log: @escaping StoreLog) throws {
        let active = recovered.segments.last!
        descriptor = try FileSystem.open(layout.segmentPath(active.number), O_RDWR)
        segmentNumber = active.number
        segmentSize = active.size
        segmentChecksum = recovered.activeChecksum ?? 0
        checksumBase = recovered.activeChecksum == nil ? active.size : 0
        segmentFirst = active.firstSequence
        segmentLast = active.lastSequence
        // Sequence numbers are never reused: not after a snapshot, a deletion or a recorded loss.
        nextSequence = recovered.lastSequence + 1
        var state = WriterShared(lastSequence: recovered.lastSequence, segments: recovered.segments)
        state.statistics.logBytes = recovered.segments.reduce(0) { $0 + $1.size }
        shared = Mutex(state)
        self.layout = layout
        self.policy = policy
        self.segmentMaxBytes = UInt64(max(1, segmentMaxBytes))
        self.retryInterval = max(0.001, retryInterval)
        self.manifest = manifest
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
    /// Queues `append`, or throws the refusal without calling its completion.
    func enqueueOrThrow(_ append: PendingAppend) throws {
        let wake: Bool = try shared.withLock { state in
            if state.isClosing { throw StoreError.closed }
            if let failure = state.failure { throw failure }
            state.queue.append(append)
            defer { state.writerIsWaiting = false }
            return state.writerIsWaiting
        }
        if wake { wakeup.signal() }
    }

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

    /// Blocks until everything appended before the call is durable (a snapshot must never cover
    /// records the log could still lose); throws the writer's failure if it cannot be.
    func sync() throws {
        let result = Mutex<StoreError?>(nil)
        let done = DispatchSemaphore(value: 0)
        enqueue(PendingAppend(records: []) { outcome in
            if case .failure(let error) = outcome { result.withLock { $0 = error } }
            done.signal()
        })
        done.wait()
        if let error = result.withLock({ $0 }) { throw error }
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
            if case .suspended = shared.withLock({ $0.writeState }) {
                // Appends are refused meanwhile, so only close() signals: a timeout means probe.
                if wakeup.wait(timeout: .now() + retryInterval) == .timedOut { probe() }
                continue
            }
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

    /// Writes the batch, then answers its sync barriers once everything before them is durable.
    private func commit(_ batch: [PendingAppend]) {
        if batch.allSatisfy({ !$0.records.isEmpty }) {
            write(batch)
            return
        }
        write(batch.filter { !$0.records.isEmpty })
        let barriers = batch.filter { $0.records.isEmpty }
        guard !barriers.isEmpty else { return }
        if shared.withLock({ $0.failure }) == nil && hasUnsyncedBytes {
            do {
                try timedSync()
            } catch {
                // Acknowledged records may not be on disk: only a restart can tell.
                markFailed(error, operation: "fdatasync", restartRequired: true)
            }
        }
        let failure = shared.withLock { $0.failure }
        for barrier in barriers { barrier.completion(failure.map { .failure($0) } ?? .success([])) }
    }

    /// Writes the appends in as few chunks as segment boundaries allow, one write + one sync each.
    private func write(_ appends: [PendingAppend]) {
        guard !appends.isEmpty else { return }
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
                    // A record links to the one before it in the same append when that is of its stream.
                    let previous = stored.last { $0.stream == record.stream }?.position ?? record.previous
                    let length = RecordFormat.encode(sequence: sequence, timestampMillis: timestamp, record: record,
                                                     previous: previous, into: &buffer)
                    stored.append(StoredRecord(
                        sequence: sequence, timestampMillis: timestamp, type: record.type, stream: record.stream,
                        payload: record.payload,
                        position: RecordPosition(segment: segmentNumber, offset: offset, length: UInt32(length)),
                        previous: previous))
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
            defer { state.faults.nextWrite = nil }
            return state.faults.nextWrite ?? state.faults.everyWrite
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

    /// Publishes the written chunk and runs its completions.
    private func complete(_ appends: ArraySlice<PendingAppend>, _ results: [[StoredRecord]]) {
        let written = UInt64(buffer.count)
        let count = results.reduce(0) { $0 + $1.count }
        let firstSequence = results.first?.first?.sequence
        segmentChecksum = CRC32C.checksum(buffer, continuing: segmentChecksum)
        if segmentFirst == nil { segmentFirst = firstSequence }
        segmentLast = nextSequence - 1
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
}
