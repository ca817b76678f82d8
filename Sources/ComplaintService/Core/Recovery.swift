import ComplaintDomain
import EventStore
import Foundation
import Synchronization
import Telemetry

extension ComplaintCore {
    /// Folds the log into the state at start-up: the newest snapshot, then the records after it,
    /// read and decoded in batches on another thread (`ReplayPipeline`) and folded here in log
    /// order. `observingRecords` sees every record of the log (the notification outbox rebuilds
    /// itself from them), `observingEvents` every event (in a full replay, without the texts
    /// people wrote: `readBackHeld`); `replayBatch` records go in a batch (tests make it small).
    func recover(
        observingRecords: ((StoredRecord) -> Void)? = nil, observingEvents: ((DomainEvent) -> Void)? = nil,
        replayBatch: Int = ComplaintCore.replayBatch
    ) throws -> RecoveryReport {
        let fromSnapshot = try loadSnapshot()
        if fromSnapshot, let observingRecords {
            // The outbox is rebuilt from the log: records a snapshot covers are read in a light
            // pass that decodes nothing else (only with notification endpoints configured).
            let covered = state.withLock { $0.snapshotSequence }
            do {
                _ = try store.replay(after: 0) { record in
                    if record.sequence <= covered { observingRecords(record) }
                }
            } catch {
                // Damage the open left to the replay: the replay below refuses the start with it.
                if store.deferredCheckFailure != nil { throw error }
                log.warn("records covered by the snapshot could not be re-read for notifications", [("error", .string("\(error)"))])
            }
        }
        var failures = 0
        // A data directory without summaries (one from before they existed, or whose file was
        // lost) gets them from the replay: every complaint closed for good is in hand as it
        // leaves memory. Otherwise the backfill fills what is missing, reading each from the log.
        let summarizing = summaries?.isEmpty == true
        // From an empty book (no snapshot), the list indexes are built from the records once, at
        // the end, not followed event by event.
        let full = state.withLock { $0.complaints.book.count == 0 }
        // A full replay also reads the events without the texts people wrote, and the complaints
        // still held at its end back whole (`readBackHeld`); not when it writes the summaries,
        // which hold texts.
        let leavingOutTexts = full && !summarizing
        func drain(_ batch: inout ReplayBatch, into state: inout CoreState) throws {
            try batch.drain { record, isEvent, event, departed, sequence, ahead in
                if let ahead { ReplayBatch.prefetch(state.complaints.book.addresses(aheadSequence: ahead)) }
                observingRecords?(record.pointee)
                guard isEvent else {
                    ingest(record.pointee, into: &state)
                    return
                }
                guard let event else {
                    failures += 1
                    if failures <= 10 {
                        log.error(
                            "unreadable event in the log",
                            [
                                ("sequence", .int(Int(record.pointee.sequence))),
                                ("type", .string(record.pointee.type)),
                            ])
                    }
                    return
                }
                observingEvents?(event.pointee)
                var slot: Int?
                if full {
                    // The read models that follow each event do so on the reading thread.
                    var step: ComplaintBook.DeferredStep?
                    switch state.complaints.replayLeavingReadSide(event.pointee, sequence: sequence, departed: &departed.complaints, step: &step) {
                    case .folded(let folded): slot = folded
                    case .needsHistory(let cold):
                        try hydrateDuringReplay(cold, in: &state)
                        slot = state.complaints.evolveLeavingReadSide(event.pointee, slot: cold, step: &step)
                    }
                    if let step { departed.follow(step) }
                } else {
                    switch state.complaints.replay(event.pointee, sequence: sequence, departed: &departed.complaints) {
                    case .folded(let folded): slot = folded
                    case .needsHistory(let cold):
                        // An event reaching a closed complaint (a late follow-up visit): fold it back
                        // first. The log is read under the lock; the reading thread holds none of ours.
                        try hydrateDuringReplay(cold, in: &state)
                        slot = state.complaints.evolve(event.pointee, slot: cold, keepingWhole: false)?.slot
                    }
                }
                ingestEvent(record, slot: slot, into: &state)
                if summarizing, departed.complaints.count > departed.summaries.count {
                    departed.summaries.append(slot.flatMap { ReplayBatch.SummaryKey(slot: $0, book: state.complaints.book, chains: state.chains) })
                }
            }
        }
        var waits = ReplayPipeline.Waits()
        let foldCPUStart = ReplayPipeline.threadCPUNanoseconds()
        let report = try state.withLock { state -> RecoveryReport in
            // Under the same hold of the lock: nothing sees the lists before they are built.
            defer { if full { state.complaints.buildListsAfterReplay() } }
            // Events' payloads go straight into the batch (an array per record was a malloc,
            // a copy and a free each); only the outbox, when configured, sees them in the record.
            // A full replay's worker lists and report ledger follow the fold on the reading
            // thread (`ComplaintState.Followers`): the fold was the slower stage at 10 M.
            let followers = full ? ReplayFollowers(state.complaints.takeFollowers()) : nil
            var following: (@Sendable (inout ReplayBatch) -> Void)?
            if let followers { following = { batch in followers.follow(&batch) } }
            let report = try ReplayPipeline.replay(
                store, after: state.appliedSequence, capacity: replayBatch, keepingPayloads: observingRecords != nil,
                leavingOutTexts: leavingOutTexts, summaries: summarizing ? summaries : nil, waits: &waits,
                following: following
            ) { batch in
                try drain(&batch, into: &state)
            }
            if let followers { state.complaints.returnFollowers(followers.take()) }
            if leavingOutTexts { try readBackHeld(in: &state) }
            return report
        }
        let foldCPU = Double(ReplayPipeline.threadCPUNanoseconds() - foldCPUStart) / 1e9
        log.info(
            "replay pipeline",
            [
                ("records", .int(report.recordsReplayed)), ("foldWaitedSeconds", .double(waits.fold)),
                ("readWaitedSeconds", .double(waits.read)), ("readWaitedForChunksSeconds", .double(waits.readChunks)),
                ("readCPUSeconds", .double(waits.readCPU)),
                ("foldCPUSeconds", .double(foldCPU)), ("foldDecodedChunks", .int(waits.foldDecodedChunks)),
                ("chunks", .int(waits.chunks)), ("batches", .int(waits.batches)),
            ])
        if fromSnapshot {
            log.info("loaded snapshot", [("sequence", .int(Int(state.withLock { $0.snapshotSequence })))])
        }
        if failures > 0 { throw StartupError("\(failures) events in the log could not be decoded; refusing to start with a partial state") }
        let now = Milliseconds.of(self.now)
        state.withLock { state in
            state.idempotency.prune(now: now)
            state.registerNumbers.reset(lastDurable: state.book.nextSequence - 1)
        }
        return report
    }

    /// Brings a cold complaint back during replay (the lock is held; reading the log is fine then).
    private func hydrateDuringReplay(_ slot: Int, in state: inout CoreState) throws {
        let id = state.complaints.book.id(ofSlot: slot)
        guard let head = state.chains.head(of: slot) else { return }
        switch cold.complaint(id: id, head: head, version: state.complaints.book.record(at: slot).version) {
        case .success(let complaint): state.complaints.book.hydrate(complaint)
        case .failure(let gap): throw StartupError("the history of \(id) cannot be read back to replay a later event: \(gap)")
        }
    }

    /// The read models a full replay keeps in step away from the fold, handed between the
    /// reading thread and the fold (never used by both at once: the lock costs nothing).
    private final class ReplayFollowers: Sendable {
        private let followers: Mutex<ComplaintState.Followers?>

        init(_ followers: consuming ComplaintState.Followers) {
            self.followers = Mutex(followers)
        }

        /// Follows what `batch`'s fold left to the read side.
        func follow(_ batch: inout ReplayBatch) {
            followers.withLock { followers in batch.follow { followers!.follow($0, $1) } }
        }

        /// The read models, taken out at the end.
        func take() -> ComplaintState.Followers {
            followers.withLock { $0.take()! }
        }
    }

    /// Records per replay batch. Small enough that the batches going round (`ReplayBatch.inFlight`)
    /// stay in the cores' caches between being read, decoded, folded and freed: at 8,192 (some
    /// 4 MB of payload each) a replay took 14 % more CPU than at 2,048, and 5 % more at 2,048
    /// than at 1,024; 512 was no better (small-set A/B, Benchmarks/README).
    static let replayBatch = 1024
}
