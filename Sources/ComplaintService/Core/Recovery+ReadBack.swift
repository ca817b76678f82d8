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
        let slots = state.complaints.book.hotSlots
        var unread: [String: [DomainEvent]] = [:]
        for slot in slots {
            let id = state.complaints.book.id(ofSlot: slot)
            guard let head = state.chains.head(of: slot), case .success(let complaint) = cold.folded(id: id, head: head),
                state.complaints.book.replaceHeld(complaint)
            else {
                unread[id] = []
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
            [("complaints", .int(slots.count)), ("seconds", .double(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9))])
    }
}
