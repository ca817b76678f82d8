import ComplaintDomain
import Dispatch
import EventStore
import Foundation

// A full replay reads the events without the texts people wrote (`DomainEvent.Reader
// (leavingOutTexts:)`): nearly every complaint it folds closes and leaves memory, and a closed
// complaint is read from the log whenever it is asked for, so its texts were made, kept and
// freed for nothing. The few complaints still held at the end are read back whole here.

extension ComplaintCore {
    /// Reads every complaint held in memory after a full replay that left the texts out back
    /// whole from the log (its chain of records, folded again), in place of the one folded
    /// without them. A complaint whose chain cannot be followed (records a repair set aside) is
    /// folded from a pass over the whole log instead, as the replay folded it; one that still
    /// does not match what the replay folded refuses the start.
    func readBackHeld(in state: inout CoreState) throws {
        let started = DispatchTime.now().uptimeNanoseconds
        let keys = state.complaints.book.hotSlots.map { (id: state.complaints.book.id(ofSlot: $0), head: state.chains.head(of: $0)) }
        var unread: [String: [DomainEvent]] = [:]
        for (key, complaint) in zip(keys, readWhole(keys)) {
            guard let complaint, state.complaints.book.replaceHeld(complaint) else {
                unread[key.id] = []
                continue
            }
        }
        if !unread.isEmpty {
            log.warn("complaints read back in a pass over the whole log", [("complaints", .int(unread.count))])
            _ = try store.replay(after: 0) { record in
                guard unread[record.stream] != nil, EventCodec.isEvent(record), let event = try? EventCodec.event(record) else { return }
                unread[record.stream]?.append(event)
            }
            for (id, events) in unread {
                guard let complaint = Complaint.folding(events), state.complaints.book.replaceHeld(complaint) else {
                    throw StartupError("complaint \(id) read back from the log does not match the replay; refusing to start without its texts")
                }
            }
        }
        log.info(
            "complaints held read back whole",
            [("complaints", .int(keys.count)), ("seconds", .double(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9))])
    }

    /// Each complaint of `keys` folded from its chain of records (nil where the chain cannot be
    /// followed), read on every core: 44 k complaints at 10 M took 2 s on one.
    private func readWhole(_ keys: [(id: String, head: ChainHead?)]) -> [Complaint?] {
        var whole = [Complaint?](repeating: nil, count: keys.count)
        let workers = max(1, min(Machine.cores, keys.count / 64))
        whole.withUnsafeMutableBufferPointer { whole in
            // nonisolated(unsafe) is safe: each worker writes only its own indexes, and
            // concurrentPerform returns after every worker is done.
            nonisolated(unsafe) let whole = whole
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in stride(from: worker, to: keys.count, by: workers) {
                    guard let head = keys[index].head, case .success(let complaint) = cold.folded(id: keys[index].id, head: head) else { continue }
                    whole[index] = complaint
                }
            }
        }
        return whole
    }
}
