import ComplaintDomain
import Foundation
import Synchronization

extension ComplaintCore {
    /// The complaints at `slots` (already checked for scope) as a list shows them, in order: hot
    /// ones from memory; a closed one from the cache, else from its entry in the summary file
    /// (one read), else folded from the log as `complaints(slots:)` does — and then its summary
    /// is written, so the next page with it costs one read. Only `ComplaintJSON.writeSummary`
    /// may read the complaints answered: one from the summary file holds only what it shows.
    func summaries(slots: [Int], actor: Actor, within scope: AccessScope) -> [ReadComplaint] {
        guard let summaries else { return complaints(slots: slots, actor: actor, within: scope) }
        let found = read { state in slots.map { Self.found($0, actor: actor, scope: scope, in: state) } }
        var items = [ReadComplaint?](repeating: nil, count: found.count)
        var missing: [Int] = []
        for (index, item) in found.enumerated() {
            switch item {
            case nil:
                continue
            case .hot(let read):
                items[index] = read
            case .cold(let id, let head, let version, _, let slot, let sequence):
                if let complaint = cold.cached(id: id, version: version)
                    ?? summaries.summary(slot: slot, sequence: sequence, version: version, head: head.packed)?.complaint
                {
                    // A closed complaint out of memory has nothing left to do, and a list item shows no repeat link.
                    items[index] = ReadComplaint(complaint: complaint, allowedActions: [], hidesRepeatOf: false)
                } else {
                    missing.append(index)
                }
            }
        }
        guard !missing.isEmpty else { return items.compactMap { $0 } }
        let resolved = resolveAll(missing.map { found[$0] })
        for (index, read) in zip(missing, resolved) {
            items[index] = read
            guard let read, case .cold(_, let head, let version, _, let slot, let sequence)? = found[index] else { continue }
            summaries.write(ColdSummary(sequence: sequence, version: version, head: head.packed, of: read.complaint), slot: slot)
        }
        return items.compactMap { $0 }
    }

    /// Writes the summary of every closed complaint the summary file lacks, oldest slot first,
    /// until done or `isStopped`: a data directory written before the file existed (or a crash
    /// that lost entries) gets its summaries in the background. It works at most `duty` of the
    /// time (sleeping as long again as a batch took), so reads and commands keep their core.
    /// Answers how many summaries it wrote.
    @discardableResult
    func backfillSummaries(duty: Double = 0.5, isStopped: () -> Bool = { false }) -> Int {
        guard let summaries, summaries.isOpen else { return 0 }
        var written = 0
        var first = 0
        let batch = 4096
        while !isStopped() {
            let total = read { $0.book.count }
            guard first < total else { break }
            let count = min(batch, total - first)
            let present = summaries.present(from: first, count: count)
            let todo = read { state in
                (first..<(first + count)).compactMap { slot -> (slot: Int, id: String, head: ChainHead, record: CompactComplaint)? in
                    guard !present[slot - first], case .cold(_, let record) = state.book.lookup(slot: slot),
                        let head = state.chains.head(of: slot)
                    else { return nil }
                    return (slot, state.book.id(ofSlot: slot), head, record)
                }
            }
            var started = DispatchTime.now().uptimeNanoseconds
            for (done, item) in todo.enumerated() {
                if isStopped() { break }
                // Folded here, not through the cache: a backfill must not push out what readers use.
                if case .success(let events) = cold.events(id: item.id, head: item.head),
                    let complaint = Complaint.folding(events.lazy.map(\.event))
                {
                    summaries.write(
                        ColdSummary(sequence: item.record.sequence, version: item.record.version, head: item.head.packed, of: complaint),
                        slot: item.slot)
                    written += 1
                }
                if duty < 1, done % 64 == 63 {
                    let worked = Double(DispatchTime.now().uptimeNanoseconds - started)
                    Thread.sleep(forTimeInterval: worked * (1 - duty) / duty / 1e9)
                    started = DispatchTime.now().uptimeNanoseconds
                }
            }
            first += count
        }
        return written
    }
}

/// The background work on the summary file, on a thread of its own: first it reads the file into
/// the page cache (`ColdSummaries.readAhead`), then fills it (`backfillSummaries`).
final class SummaryBackfill: Sendable {
    private let stopped = Atomic<Bool>(false)

    /// Starts the work on `core`'s summary file; logs what it read and wrote.
    init(core: ComplaintCore, share: Double, readAheadShare: Double) {
        let thread = Thread { [self] in run(core, share: share, readAheadShare: readAheadShare) }
        thread.name = "summary-backfill"
        thread.start()
    }

    private func run(_ core: ComplaintCore, share: Double, readAheadShare: Double) {
        var began = DispatchTime.now().uptimeNanoseconds
        let isStopped = { self.stopped.load(ordering: .relaxed) }
        if let bytes = core.summaries?.readAhead(share: readAheadShare, isStopped: isStopped), bytes > 0 {
            core.log.info(
                "read the list summaries into the page cache",
                [("bytes", .int(Int(bytes))), ("seconds", .double(Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9))])
            began = DispatchTime.now().uptimeNanoseconds
        }
        guard share > 0 else { return }
        let written = core.backfillSummaries(duty: share, isStopped: isStopped)
        guard written > 0 else { return }
        core.log.info(
            "wrote the list summaries of closed complaints",
            [("summaries", .int(written)), ("seconds", .double(Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9))])
    }

    /// Asks the work to stop (it ends after the complaint or piece it is on).
    func stop() { stopped.store(true, ordering: .relaxed) }
}

extension ComplaintCore {
    /// Starts the background work on the summary file (once; nothing without a file): reading it
    /// ahead when it takes at most `readAheadShare` of physical memory
    /// (`store.summaryReadAheadShare`), then filling it using at most `share` of one core
    /// (`store.summaryBackfillShare`; no filling with a share of 0).
    func startSummaryBackfill(share: Double, readAheadShare: Double = 0) {
        guard summaries != nil, share > 0 || readAheadShare > 0 else { return }
        backfill.withLock { running in
            if running == nil { running = SummaryBackfill(core: self, share: share, readAheadShare: readAheadShare) }
        }
    }

    /// Stops the background filling (at shutdown).
    func stopSummaryBackfill() {
        backfill.withLock { $0?.stop() }
    }

    /// Stops the background filling and closes the summary file (at shutdown: a service object
    /// kept alive after it, as in the tests, holds no descriptors).
    func closeSummaries() {
        stopSummaryBackfill()
        summaries?.close()
    }
}
