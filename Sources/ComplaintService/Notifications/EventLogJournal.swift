import ComplaintDomain
import EventStore
import Foundation
import Notifications

/// The notification outbox's records go to the event log, stream `notifications`, beside the
/// domain events (whose fold skips them), so a notice is durable before it is sent.
struct EventLogJournal: NotificationJournal {
    let store: EventStore

    func append(_ records: [JournalRecord], completion: @escaping @Sendable (Result<Void, any Error>) -> Void) {
        let rows = records.map { NewRecord(type: $0.type, stream: NotificationRecordType.stream, payload: $0.payload) }
        store.append(rows) { result in completion(result.map { _ in () }.mapError { $0 as any Error }) }
    }
}

/// Reads the log back for the outbox at start-up: its own records, and the trigger events of the
/// last day, re-derived into notices if the process died between an event and its notice.
final class NotificationReplay: @unchecked Sendable {
    // `@unchecked Sendable` is safe: `observe` runs only on the recovering thread, before
    // `rederived` is read on the same thread once recovery returns.
    private let outbox: NotificationOutbox
    private let window: Double
    private var triggers: [DomainEventRecord] = []

    /// A trigger event seen during replay.
    struct DomainEventRecord {
        var payload: [UInt8]
    }

    init(outbox: NotificationOutbox, windowSeconds: Double = 24 * 3600) {
        self.outbox = outbox
        self.window = windowSeconds
    }

    /// Called with every record while the core replays the log (under the core's lock: no reads of the core here).
    func observe(_ record: StoredRecord) {
        if NotificationRecordType.all.contains(record.type) {
            outbox.absorb(type: record.type, payload: record.payload)
        } else if NotificationFacts.triggerTypes.contains(record.type) {
            triggers.append(DomainEventRecord(payload: record.payload))
        }
    }

    /// The notices of trigger events less than a day before `now`, as the complaints stand now.
    func rederived(now: Date, lookup: (String) -> Complaint?) -> [NotificationFacts] {
        defer { triggers = [] }
        return triggers.compactMap { record in
            guard let event = try? DomainEvent.read(from: record.payload), now.timeIntervalSince(event.at) < window else { return nil }
            return NotificationFacts.make(for: event, complaint: lookup(event.complaintID))
        }
    }
}
