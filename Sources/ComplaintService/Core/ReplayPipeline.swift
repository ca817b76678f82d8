import Dispatch
import EventStore
import Foundation
import Synchronization

/// A replay in two stages that overlap: a reading thread reads the log and decodes each batch's
/// events while the calling thread folds the batch before it, in log order.
///
/// Reading, decoding and freeing what a batch held are four tenths of a replay's CPU, and the fold
/// waited for them: with a core to spare they no longer add to the wall time (the fold is the
/// slower stage; it waits for a batch about 0.1 s in a 1 M replay). The batches go round between
/// the two threads (`ReplayBatch.inFlight` of them), so their buffers are reused, and the reading
/// thread is never more than that many batches ahead.
final class ReplayPipeline: Sendable {
    /// How long each side waited for the other, in seconds (the slower side waits less), and
    /// the CPU time the reading thread took (to tell the stages' costs apart in the log).
    struct Waits {
        var fold: Double = 0
        var read: Double = 0
        var readCPU: Double = 0
    }

    private struct State {
        /// Decoded batches, in log order.
        var ready: [ReplayBatch] = []
        /// After the last of `ready`: the store's report, or the error its replay threw (torn
        /// tail, corruption, a deleted segment).
        var end: Result<RecoveryReport, any Error>?
        var spare: [ReplayBatch] = []
        var cancelled = false
        var readWaitNanoseconds: UInt64 = 0
        var readCPUNanoseconds: UInt64 = 0
    }

    /// Thrown inside the reading thread when the fold stopped first (the fold's error wins).
    private struct Cancelled: Error {}

    private let state = Mutex(State())
    /// Signalled once per batch in `ready`, and once for `end`.
    private let readySignal = DispatchSemaphore(value: 0)
    /// Signalled once per batch in `spare`, and once more when the fold stops early.
    private let spareSignal = DispatchSemaphore(value: 0)
    /// Signalled when the reading thread is done (it lends nothing after that).
    private let finished = DispatchSemaphore(value: 0)

    /// Batches of `capacity` records, `batches` of them going round.
    private init(capacity: Int, batches: Int, summaries: ColdSummaries?) {
        state.withLock { state in
            for _ in 0..<batches { state.spare.append(ReplayBatch(capacity: capacity, summaries: summaries)) }
        }
        for _ in 0..<batches { spareSignal.signal() }
    }

    /// Replays `store` after `sequence`: `fold` is called on this thread with each batch, in log
    /// order, while the next batches are read and decoded on another thread. Returns the store's
    /// report; throws the first error in log order: the fold's, or the store's after the fold of
    /// every batch before it. Records the store read after an error are never folded. The
    /// summaries of the complaints the fold closes for good go to `summaries` (nil: nowhere).
    static func replay(
        _ store: EventStore, after sequence: UInt64, capacity: Int, keepingPayloads: Bool, summaries: ColdSummaries? = nil,
        waits: inout Waits, fold: (inout ReplayBatch) throws -> Void
    ) throws -> RecoveryReport {
        let pipeline = ReplayPipeline(capacity: capacity, batches: ReplayBatch.inFlight, summaries: summaries)
        let reader = Thread { [pipeline] in
            pipeline.read(store, after: sequence, capacity: capacity, keepingPayloads: keepingPayloads)
        }
        reader.name = "replay-reader"
        reader.start()
        defer {
            // The fold stopped (or finished): the reading thread ends before anything it uses does.
            pipeline.cancel()
            pipeline.finished.wait()
        }
        var foldWait: UInt64 = 0
        while true {
            let started = DispatchTime.now().uptimeNanoseconds
            pipeline.readySignal.wait()
            foldWait += DispatchTime.now().uptimeNanoseconds - started
            // Moved out of the queue, so the fold owns the batch's buffers alone (a copy left in
            // the queue made the drain copy every event array on write).
            var batch = pipeline.state.withLock { state -> ReplayBatch? in
                state.ready.isEmpty ? nil : state.ready.removeFirst()
            }
            guard batch != nil else {
                // The batches folded last are not refilled: what they hold is written and freed here.
                pipeline.state.withLock { state in
                    for index in state.spare.indices { state.spare[index].reset() }
                }
                waits.fold = Double(foldWait) / 1e9
                waits.read = Double(pipeline.state.withLock { $0.readWaitNanoseconds }) / 1e9
                waits.readCPU = Double(pipeline.state.withLock { $0.readCPUNanoseconds }) / 1e9
                return try pipeline.state.withLock { $0.end! }.get()
            }
            try fold(&batch!)
            // Moved back too: the reading thread refills it without copying its buffers.
            pipeline.state.withLock { $0.spare.append(batch.take()!) }
            pipeline.spareSignal.signal()
        }
    }

    /// The reading thread: fills batches from the log, decodes them and hands them over.
    private func read(_ store: EventStore, after sequence: UInt64, capacity: Int, keepingPayloads: Bool) {
        defer { finished.signal() }
        // Optional, so each batch is moved out when handed over: a reference kept here would
        // make the fold copy the batch's arrays on its first write.
        var batch = takeSpare()
        guard batch != nil else { return }
        let result = Result<RecoveryReport, any Error> {
            let report = try store.replay(
                after: sequence,
                lendingPayloads: { record, payload in
                    batch!.append(record, payload: payload, keepingPayload: keepingPayloads)
                    guard batch!.count >= capacity else { return }
                    batch!.decodeEvents()
                    hand(&batch)
                    guard let next = takeSpare() else { throw Cancelled() }
                    batch = next
                })
            if batch!.count > 0 {
                batch!.decodeEvents()
                hand(&batch)
            }
            return report
        }
        if case .failure(let error) = result, error is Cancelled { return }
        let used = Self.threadCPUNanoseconds()
        state.withLock { state in
            state.end = result
            state.readCPUNanoseconds = used
        }
        readySignal.signal()
    }

    /// Moves `batch` into the queue (the reading thread keeps no reference to it).
    private func hand(_ batch: inout ReplayBatch?) {
        state.withLock { $0.ready.append(batch.take()!) }
        readySignal.signal()
    }

    /// The next empty batch, waiting for the fold to give one back; nil once the fold stopped.
    private func takeSpare() -> ReplayBatch? {
        let started = DispatchTime.now().uptimeNanoseconds
        spareSignal.wait()
        let waited = DispatchTime.now().uptimeNanoseconds - started
        var batch = state.withLock { state -> ReplayBatch? in
            state.readWaitNanoseconds += waited
            guard !state.cancelled, !state.spare.isEmpty else { return nil }
            return state.spare.removeLast()
        }
        batch?.reset()
        return batch
    }

    /// The CPU time the calling thread has used, in nanoseconds.
    static func threadCPUNanoseconds() -> UInt64 {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    private func cancel() {
        state.withLock { $0.cancelled = true }
        spareSignal.signal()
    }
}
