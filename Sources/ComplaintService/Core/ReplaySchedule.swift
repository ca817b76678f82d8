import EventStore

/// Where a replay's batches are and what each of its two threads does next (`ReplayPipeline`,
/// which changes it under its lock): a value, so every decision is made in one place.
///
/// A batch goes round: the reading thread takes an emptied one, fills it from the log, decodes it
/// (the fold may help, `decoding`) and hands it over (`ready`); the fold folds it, frees the
/// complaints its fold let go of (`ReplayBatch.releaseDeparted`) and puts it with the `emptied`
/// ones. (The reading thread frees the records and events before it refills any batch,
/// `ReplayBatch.releaseRecords`.) Each thread sleeps only when it has nothing to do; the step that
/// gives it something says so, and the pipeline then wakes it.
struct ReplaySchedule {
    /// Decoded batches, in log order.
    private var ready: [ReplayBatch] = []
    /// After the last of `ready`: the store's report, or the error its replay threw.
    private var end: Result<RecoveryReport, any Error>?
    /// Emptied batches, for the reading thread to fill.
    private var emptied: [ReplayBatch]
    /// The decoding of the batch the reading thread filled last, while it runs.
    private var decoding: SharedChunks?
    /// Set when the fold stopped (it threw, or it returned): the reading thread stops too.
    private var cancelled = false
    private var foldSleeps = false
    private var readerSleeps = false

    init(batches: [ReplayBatch]) {
        emptied = batches
    }

    /// What the fold does next (a batch it takes comes in the `inout` argument of `nextForFold`:
    /// moved, not copied, so the thread that takes it owns its buffers alone).
    enum FoldStep {
        /// Folds the batch taken, the next in log order.
        case fold
        /// Helps decode the batch the reading thread is decoding.
        case decode(SharedChunks)
        /// Every batch is folded and emptied: the replay ends with this.
        case finish(Result<RecoveryReport, any Error>)
        /// Nothing to do: sleeps until woken.
        case sleep
    }

    /// What the reading thread does next (a batch it takes comes as with `FoldStep`).
    enum ReaderStep {
        /// Fills the batch taken.
        case fill
        /// The fold stopped: so does the reading thread.
        case stop
        /// No batch to fill: sleeps until woken.
        case sleep
    }

    /// The fold's next step: folding comes first (it is the only thread that can), then helping
    /// the batch it waits for.
    mutating func nextForFold(taking batch: inout ReplayBatch?) -> FoldStep {
        if !ready.isEmpty {
            batch = ready.removeFirst()
            return .fold
        }
        if let decoding, decoding.hasUnclaimed { return .decode(decoding) }
        if let end { return .finish(end) }
        foldSleeps = true
        return .sleep
    }

    /// The reading thread's next step: an emptied batch if there is one.
    mutating func nextForReader(taking batch: inout ReplayBatch?) -> ReaderStep {
        if cancelled { return .stop }
        if !emptied.isEmpty {
            // The oldest first: the read models that follow the fold take the batches in order.
            batch = emptied.removeFirst()
            return .fill
        }
        readerSleeps = true
        return .sleep
    }

    /// The reading thread started decoding a batch; answers whether to wake the fold.
    mutating func decodingStarted(_ chunks: SharedChunks) -> Bool {
        decoding = chunks
        return wakeFold()
    }

    /// The reading thread handed over a decoded batch; answers whether to wake the fold.
    mutating func decoded(_ batch: ReplayBatch) -> Bool {
        decoding = nil
        ready.append(batch)
        return wakeFold()
    }

    /// The reading thread is done: no batch after the ready ones. Answers whether to wake the fold.
    mutating func ended(_ result: Result<RecoveryReport, any Error>) -> Bool {
        end = result
        return wakeFold()
    }

    /// The fold folded and emptied a batch; answers whether to wake the reading thread.
    mutating func folded(_ batch: ReplayBatch) -> Bool {
        emptied.append(batch)
        return wakeReader()
    }

    /// The emptied batches, oldest first, taken out: once the replay has ended, the reading
    /// thread takes none back, and the fold follows what they left to the read side.
    mutating func takeEmptied() -> [ReplayBatch] {
        defer { emptied = [] }
        return emptied
    }

    /// The fold stopped; answers whether to wake the reading thread.
    mutating func cancel() -> Bool {
        cancelled = true
        return wakeReader()
    }

    private mutating func wakeFold() -> Bool {
        defer { foldSleeps = false }
        return foldSleeps
    }

    private mutating func wakeReader() -> Bool {
        defer { readerSleeps = false }
        return readerSleeps
    }
}
