import ComplaintDomain
import Dispatch
import EventStore
import Foundation

/// The records a replay folds next, with their events' payloads copied back to back into one
/// buffer, decoded on every core and handed out in log order.
///
/// The decoding workers read that buffer in place and touch no reference count: retaining a
/// record the reading thread made (its type and payload) is a cache miss on another core, and
/// cost 3 % of a replay.
struct ReplayBatch {
    private var records: [StoredRecord] = []
    /// Where each record's payload is in `payloads`; nil when the record holds no domain event.
    private var spans: [Range<Int>?] = []
    private var payloads: [UInt8] = []
    /// The decoded events of the batch, kept between batches: a fresh 64 KB array per batch made
    /// malloc consolidate its free lists each time.
    private var decoded: [DomainEvent?] = []

    /// The payload buffer kept between batches (a typical batch of 8192 events needs ~5 MB).
    static let keptPayloadBytes = 32 << 20

    /// An empty batch with room for `capacity` records.
    init(capacity: Int) {
        records.reserveCapacity(capacity)
        spans.reserveCapacity(capacity)
        payloads.reserveCapacity(capacity * 512)
        decoded.reserveCapacity(capacity)
    }

    /// How many records wait.
    var count: Int { records.count }

    /// Adds the next record of the log, its payload lent beside it (`EventStore.replay(after:
    /// lendingPayloads:)`). An event's payload is only copied into the batch's buffer, and into
    /// the record too only when `keepingPayload` (someone else reads it); others keep theirs.
    mutating func append(_ record: StoredRecord, payload: UnsafeRawBufferPointer, keepingPayload: Bool) {
        var record = record
        if EventCodec.isEvent(record) {
            let start = payloads.count
            payloads.append(contentsOf: payload)
            spans.append(start..<payloads.count)
            if keepingPayload { record.payload = Array(payload) }
        } else {
            spans.append(nil)
            record.payload = Array(payload)
        }
        records.append(record)
    }

    /// Decodes the events, then calls `body` with each record in order: whether it holds a domain
    /// event, and that event (nil when it is unreadable). Empties the batch, also when `body` throws.
    mutating func drain(_ body: (StoredRecord, _ isEvent: Bool, DomainEvent?) throws -> Void) rethrows {
        defer {
            records.removeAll(keepingCapacity: true)
            spans.removeAll(keepingCapacity: true)
            decoded.removeAll(keepingCapacity: true)
            // A batch of unusually large payloads does not keep its buffer for the rest of the replay.
            payloads.removeAll(keepingCapacity: payloads.capacity <= ReplayBatch.keptPayloadBytes)
        }
        decodeEvents()
        // Each record lent to `body` in place: copying it out of its array (as indexing or
        // enumerating does) retained and released its strings (3 % of a replay). Each event is
        // moved out instead (its place left nil), so it is released right after its fold, while
        // its memory is still in the cache, not in a second pass over the whole batch.
        try records.withUnsafeBufferPointer { records in
            try decoded.withUnsafeMutableBufferPointer { decoded in
                guard let events = decoded.baseAddress else { return }
                for index in records.indices {
                    let event = (events + index).move()
                    (events + index).initialize(to: nil)
                    try body(records[index], spans[index] != nil, event)
                }
            }
        }
    }

    /// Fills `decoded` (empty before) with the events of the batch: nil for other record types
    /// and unreadable ones. Uses every core.
    private mutating func decodeEvents() {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        decoded.append(contentsOf: repeatElement(nil, count: spans.count))
        let chunk = (spans.count + workers - 1) / workers
        spans.withUnsafeBufferPointer { spans in
            payloads.withUnsafeBytes { payloads in
                decoded.withUnsafeMutableBufferPointer { results in
                    // nonisolated(unsafe) is safe: the workers only read the spans and payloads,
                    // each writes only its own index range of the results, and concurrentPerform
                    // returns after every worker finished.
                    nonisolated(unsafe) let output = results
                    nonisolated(unsafe) let spans = spans
                    nonisolated(unsafe) let payloads = payloads
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        let lower = worker * chunk
                        let upper = min(spans.count, lower + chunk)
                        guard lower < upper else { return }
                        for index in lower..<upper {
                            guard let span = spans[index] else { continue }
                            output[index] = try? DomainEvent.read(from: UnsafeRawBufferPointer(rebasing: payloads[span]))
                        }
                    }
                }
            }
        }
    }
}
