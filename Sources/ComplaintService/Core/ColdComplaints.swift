import ComplaintDomain
import EventStore
import Foundation
import Synchronization

/// Closed complaints read back from the log: the events of one complaint are found by following
/// its chain from its newest record, then folded. A small cache keeps the recently read ones,
/// keyed by id and checked against the version in memory, so a page of them read twice costs
/// nothing the second time.
final class ColdComplaints: Sendable {
    private let store: EventStore
    private let cache = Mutex(RecentCache<Complaint>(capacity: 4096))

    init(store: EventStore) {
        self.store = store
    }

    /// The complaint `id`, folded from its events, whose newest record is at `head`; `version`
    /// is the one the book holds (a cached copy of another version is read again).
    func complaint(id: String, head: ChainHead, version: UInt32) -> Result<Complaint, HistoryGap> {
        if let cached = cache.withLock({ $0.get(id) }), cached.version == Int(version) { return .success(cached) }
        let folded = folded(id: id, head: head)
        // The complaint it forgets is handed out and freed here, outside the lock other readers wait on.
        if case .success(let complaint) = folded { _ = cache.withLock { $0.put(id, complaint) } }
        return folded
    }

    /// The complaint `id` folded from its events, whose newest record is at `head`, read from
    /// the log (the cache neither asked nor filled).
    func folded(id: String, head: ChainHead) -> Result<Complaint, HistoryGap> {
        let events: [DomainEvent]
        switch self.events(id: id, head: head) {
        case .success(let read): events = read.map(\.event)
        case .failure(let gap): return .failure(gap)
        }
        guard let complaint = Complaint.folding(events) else {
            return .failure(
                HistoryGap(
                    kind: .damaged, description: "the history of \(id) does not start with its registration",
                    sequences: [], files: []))
        }
        return .success(complaint)
    }

    /// The complaint `id` if the cache holds it at `version`.
    func cached(id: String, version: UInt32) -> Complaint? {
        guard let cached = cache.withLock({ $0.get(id) }), cached.version == Int(version) else { return nil }
        return cached
    }

    /// The events of complaint `id` with their records, oldest first.
    func events(id: String, head: ChainHead) -> Result<[(record: StoredRecord, event: DomainEvent)], HistoryGap> {
        let (segment, offset) = ChainHeads.unpack(head.packed)
        switch store.readChain(segment: segment, offset: offset, stream: id, earlier: head.earlier) {
        case .failure(let gap):
            return .failure(gap)
        case .success(let records):
            var events: [(StoredRecord, DomainEvent)] = []
            events.reserveCapacity(records.count)
            for record in records where EventCodec.isEvent(record) {
                guard let event = try? EventCodec.event(record) else {
                    return .failure(
                        HistoryGap(
                            kind: .damaged, description: "record \(record.sequence) of \(id) is not a readable event",
                            sequences: [record.sequence...record.sequence], files: []))
                }
                events.append((record, event))
            }
            return .success(events)
        }
    }

    /// The searchable text of a complaint (content and demands), read from its registration, its
    /// first record (for the text search of lists over closed complaints).
    func registrationText(at packed: UInt64, id: String) -> String? {
        if let cached = cache.withLock({ $0.get(id) }) { return cached.content + "\n" + (cached.demands ?? "") }
        guard let registered = registration(at: packed, id: id) else { return nil }
        return registered.content + "\n" + (registered.demands ?? "")
    }

    /// A complaint's registration event, read from its first record.
    func registration(at packed: UInt64, id: String) -> DomainEvent.Registered? {
        let (segment, offset) = ChainHeads.unpack(packed)
        guard let record = try? store.read(segment: segment, offset: offset), record.stream == id,
            case .registered(let registered)? = try? EventCodec.event(record)
        else { return nil }
        return registered
    }
}
