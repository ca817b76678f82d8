import Dispatch
import EventStore
import Foundation
import Synchronization

/// A replay in two stages that overlap: a reading thread reads the log and decodes each batch's
/// events while the calling thread folds the batch before it, in log order.
///
/// Reading, decoding and freeing what a batch held are more than half of a replay's CPU: on two
/// cores the reading thread alone was the slower stage and the fold waited for it (a third of a
/// 1 M replay). So the fold, when it has no batch to fold, helps decode the batch the reading
/// thread is decoding (`SharedChunks`, `ReplaySchedule`). Each thread frees what it made, so
/// glibc's per-thread cache serves its next allocations: the reading thread the records and
/// events (`ReplayBatch.releaseRecords`), the fold the complaints a batch let go of
/// (`ReplayBatch.releaseDeparted`), right after folding it. (When the reading thread freed most
/// of those, the fold's allocations took glibc's slow path: `malloc` and `_int_malloc` were 15 %
/// of the fold at 10 M, and freeing them on the fold took 7 % off the replay's time.)
/// The batches go round between the two threads (`ReplayBatch.inFlight` of them), so their
/// buffers are reused, and the reading thread is never more than that many batches ahead. In a
/// full replay the read models that follow each event (the worker lists and the report ledger)
/// are kept in step by the reading thread as it takes each folded batch back, in log order
/// (`following`): at 10 M the fold was the slower stage by a fifth, and its share of following
/// (a tenth of its time) now runs while the reading thread would have waited.
final class ReplayPipeline: Sendable {
    /// How long each side waited for the other, in seconds (the slower side waits less), the CPU
    /// time the reading thread took (to tell the stages' costs apart in the log), and how much
    /// of the shared work the fold did.
    struct Waits {
        var fold: Double = 0
        var read: Double = 0
        var readCPU: Double = 0
        /// How long the reading thread waited for chunks of its batches the fold was decoding.
        var readChunks: Double = 0
        /// Decoding chunks the fold did, of all of them (`ReplayBatch.decodingChunk` records each).
        var foldDecodedChunks = 0
        var chunks = 0
        /// Batches folded.
        var batches = 0
    }

    /// Thrown inside the reading thread when the fold stopped first (the fold's error wins).
    private struct Cancelled: Error {}

    private let state: Mutex<ReplaySchedule>
    /// Keeps the read models in step with a folded batch (`ReplayBatch.follow`), in log order:
    /// on the reading thread as it takes each batch back, on the fold for the last ones.
    private let following: (@Sendable (inout ReplayBatch) -> Void)?
    /// What the reading thread measured, read once it is done.
    private let readerFigures = Mutex((waited: UInt64(0), cpu: UInt64(0), chunks: 0, chunkWaits: UInt64(0)))
    /// Wake the fold and the reading thread when they sleep (`ReplaySchedule`): at most one
    /// signal per sleep, so a signal given before its thread waits is kept until it does.
    private let foldSignal = DispatchSemaphore(value: 0)
    private let readerSignal = DispatchSemaphore(value: 0)
    /// Signalled when the reading thread is done (it lends nothing after that).
    private let finished = DispatchSemaphore(value: 0)

    /// Batches of `capacity` records, `batches` of them going round.
    private init(capacity: Int, batches: Int, summaries: ColdSummaries?, following: (@Sendable (inout ReplayBatch) -> Void)?) {
        state = Mutex(ReplaySchedule(batches: (0..<batches).map { _ in ReplayBatch(capacity: capacity, summaries: summaries) }))
        self.following = following
    }

    /// Replays `store` after `sequence`: `fold` is called on this thread with each batch, in log
    /// order, while the next batches are read and decoded on another thread. Returns the store's
    /// report; throws the first error in log order: the fold's, or the store's after the fold of
    /// every batch before it. Records the store read after an error are never folded. The
    /// summaries of the complaints the fold closes for good go to `summaries` (nil: nowhere).
    /// With `leavingOutTexts`, the events come without the texts people wrote
    /// (`ReplayBatch.decodeEvents(leavingOutTexts:sharing:)`). `following` keeps read models in
    /// step with each folded batch, in log order, mostly on the reading thread: at 10 M the fold
    /// is the slower stage, and the reading thread waited a quarter of the replay for it.
    static func replay(
        _ store: EventStore, after sequence: UInt64, capacity: Int, keepingPayloads: Bool, leavingOutTexts: Bool = false,
        summaries: ColdSummaries? = nil, waits: inout Waits, following: (@Sendable (inout ReplayBatch) -> Void)? = nil,
        fold: (inout ReplayBatch) throws -> Void
    ) throws -> RecoveryReport {
        let pipeline = ReplayPipeline(capacity: capacity, batches: ReplayBatch.inFlight, summaries: summaries, following: following)
        let reader = Thread { [pipeline] in
            pipeline.read(store, after: sequence, capacity: capacity, keepingPayloads: keepingPayloads, leavingOutTexts: leavingOutTexts)
        }
        reader.name = "replay-reader"
        reader.start()
        defer {
            // The fold stopped (or finished): the reading thread ends before anything it uses does.
            if pipeline.state.withLock({ $0.cancel() }) { pipeline.readerSignal.signal() }
            pipeline.finished.wait()
        }
        var foldWait: UInt64 = 0
        // Moved out of the schedule, so the fold owns the batch's buffers alone (a copy left
        // there made the drain copy every event array on write); moved back after.
        var batch: ReplayBatch?
        while true {
            switch pipeline.state.withLock({ $0.nextForFold(taking: &batch) }) {
            case .fold:
                try fold(&batch!)
                batch!.releaseDeparted()
                waits.batches += 1
                if pipeline.state.withLock({ $0.folded(batch.take()!) }) { pipeline.readerSignal.signal() }
            case .decode(let chunks):
                waits.foldDecodedChunks += chunks.help()
            case .finish(let end):
                // Every batch was emptied as it was folded: the summaries of the complaints they
                // let go of are written, and those complaints freed. The reading thread is done
                // (it ended the replay): the batches it did not take back are followed here.
                if let following, case .success = end {
                    for var emptied in pipeline.state.withLock({ $0.takeEmptied() }) { following(&emptied) }
                }
                waits.fold = Double(foldWait) / 1e9
                let reader = pipeline.readerFigures.withLock { $0 }
                waits.read = Double(reader.waited) / 1e9
                waits.readCPU = Double(reader.cpu) / 1e9
                waits.readChunks = Double(reader.chunkWaits) / 1e9
                waits.chunks = reader.chunks
                return try end.get()
            case .sleep:
                let started = DispatchTime.now().uptimeNanoseconds
                pipeline.foldSignal.wait()
                foldWait += DispatchTime.now().uptimeNanoseconds - started
            }
        }
    }

    /// The reading thread: fills batches from the log, decodes them and hands them over.
    private func read(_ store: EventStore, after sequence: UInt64, capacity: Int, keepingPayloads: Bool, leavingOutTexts: Bool) {
        defer { finished.signal() }
        var waited: UInt64 = 0
        var chunkWaits: UInt64 = 0
        var chunks = 0
        // Optional, so each batch is moved out when handed over: a reference kept here would
        // make the fold copy the batch's arrays on its first write.
        var batch = nextBatch(waited: &waited)
        guard batch != nil else { return }
        let result = Result<RecoveryReport, any Error> {
            let report = try store.replay(
                after: sequence,
                lendingPayloads: { record, payload in
                    batch!.append(consume record, payload: payload, keepingPayload: keepingPayloads)
                    guard batch!.count >= capacity else { return }
                    chunks += decodeAndHand(&batch, leavingOutTexts: leavingOutTexts, waited: &chunkWaits)
                    guard let next = nextBatch(waited: &waited) else { throw Cancelled() }
                    batch = next
                })
            if batch!.count > 0 { chunks += decodeAndHand(&batch, leavingOutTexts: leavingOutTexts, waited: &chunkWaits) }
            return report
        }
        if case .failure(let error) = result, error is Cancelled { return }
        readerFigures.withLock { $0 = (waited, Self.threadCPUNanoseconds(), chunks, chunkWaits) }
        if state.withLock({ $0.ended(result) }) { foldSignal.signal() }
    }

    /// Decodes `batch`, lending its chunks to the fold, and moves it to the fold (the reading
    /// thread keeps no reference to it). Answers how many chunks it had; `waited` grows by the
    /// time this thread waited for chunks the fold claimed.
    private func decodeAndHand(_ batch: inout ReplayBatch?, leavingOutTexts: Bool, waited: inout UInt64) -> Int {
        var chunks = 0
        waited += batch!.decodeEvents(leavingOutTexts: leavingOutTexts) { shared in
            chunks = shared.count
            if state.withLock({ $0.decodingStarted(shared) }) { foldSignal.signal() }
        }
        if state.withLock({ $0.decoded(batch.take()!) }) { foldSignal.signal() }
        return chunks
    }

    /// The next batch to fill, emptied, waiting for the fold to give one back; nil once the fold
    /// stopped.
    private func nextBatch(waited: inout UInt64) -> ReplayBatch? {
        var batch: ReplayBatch?
        while true {
            switch state.withLock({ $0.nextForReader(taking: &batch) }) {
            case .fill:
                following?(&batch!)
                batch!.releaseRecords()
                return batch.take()
            case .stop:
                return nil
            case .sleep:
                let started = DispatchTime.now().uptimeNanoseconds
                readerSignal.wait()
                waited += DispatchTime.now().uptimeNanoseconds - started
            }
        }
    }

    /// The CPU time the calling thread has used, in nanoseconds.
    static func threadCPUNanoseconds() -> UInt64 {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
