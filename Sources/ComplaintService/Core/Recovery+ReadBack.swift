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
        // Each read on every core (44 k complaints at 10 M took 2 s on one).
        let whole = Machine.map(keys.count, workers: min(Machine.cores, keys.count / 64)) { index -> Complaint? in
            guard let head = keys[index].head, case .success(let complaint) = cold.folded(id: keys[index].id, head: head) else { return nil }
            return complaint
        }
        for (key, complaint) in zip(keys, whole) {
            if let complaint, state.complaints.book.replaceHeld(complaint) { continue }
            unread[key.id] = []
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
}
