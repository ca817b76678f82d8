import ComplaintDomain
import EventStore
import Foundation
import Telemetry

extension ComplaintCore {
    /// Folds the log into the state at start-up: the newest snapshot, then the records after it,
    /// decoded on every core in batches and folded in log order. `observingRecords` sees every
    /// record of the log (the notification outbox rebuilds itself from them).
    func recover(observingRecords: ((StoredRecord) -> Void)? = nil, observingEvents: ((DomainEvent) -> Void)? = nil) throws -> RecoveryReport {
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
                log.warn("records covered by the snapshot could not be re-read for notifications", [("error", .string("\(error)"))])
            }
        }
        var failures = 0
        var batch: [StoredRecord] = []
        batch.reserveCapacity(ComplaintCore.replayBatch)
        func drain(into state: inout CoreState) throws {
            let decoded = ComplaintCore.decodeInParallel(batch)
            // By index: zip would copy each record (retaining its strings and payload).
            for index in batch.indices {
                let event = decoded[index]
                observingRecords?(batch[index])
                var slot: Int?
                if EventCodec.isEvent(batch[index]) {
                    guard let event else {
                        failures += 1
                        if failures <= 10 {
                            log.error(
                                "unreadable event in the log",
                                [
                                    ("sequence", .int(Int(batch[index].sequence))),
                                    ("type", .string(batch[index].type)),
                                ])
                        }
                        continue
                    }
                    observingEvents?(event)
                    if let slot = state.book.needsHistory(event) {
                        // An event reaching a closed complaint (a late follow-up visit): fold it back first.
                        try hydrateDuringReplay(slot, in: &state)
                    }
                    slot = state.complaints.evolve(event, keepingWhole: false)?.slot
                }
                ingest(batch[index], slot: slot, into: &state)
            }
            batch.removeAll(keepingCapacity: true)
        }
        let report = try state.withLock { state -> RecoveryReport in
            let report = try store.replay(after: state.appliedSequence) { record in
                batch.append(record)
                if batch.count >= ComplaintCore.replayBatch { try drain(into: &state) }
            }
            try drain(into: &state)
            return report
        }
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
        let id = state.book.id(ofSlot: slot)
        guard let head = state.chains.head(of: slot) else { return }
        switch cold.complaint(id: id, head: head, version: state.book.record(at: slot).version) {
        case .success(let complaint): state.complaints.book.hydrate(complaint)
        case .failure(let gap): throw StartupError("the history of \(id) cannot be read back to replay a later event: \(gap)")
        }
    }

    static let replayBatch = 8192

    /// Decodes the domain events of `records` (nil for other record types or unreadable ones), using every core.
    static func decodeInParallel(_ records: [StoredRecord]) -> [DomainEvent?] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        var results = [DomainEvent?](repeating: nil, count: records.count)
        let chunk = (records.count + workers - 1) / workers
        results.withUnsafeMutableBufferPointer { buffer in
            // nonisolated(unsafe) is safe: each worker writes only its own index range of the
            // buffer, and concurrentPerform returns after every worker finished.
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let lower = worker * chunk
                let upper = min(records.count, lower + chunk)
                guard lower < upper else { return }
                for index in lower..<upper where EventCodec.isEvent(records[index]) {
                    output[index] = try? EventCodec.event(records[index])
                }
            }
        }
        return results
    }
}
