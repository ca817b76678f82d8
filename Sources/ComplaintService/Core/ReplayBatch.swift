import ComplaintDomain
import Dispatch
import EventStore
import Foundation

/// The records a replay folds next, with their events' payloads copied back to back into one
/// buffer, decoded by the reading thread (`ReplayPipeline`; with more than two cores, by every
/// core but the fold's) and handed out in log order.
///
/// The decoding workers read that buffer in place and touch no reference count: retaining a
/// record the reading thread made (its type and payload) is a cache miss on another core, and
/// cost 3 % of a replay.
struct ReplayBatch: Sendable {
    private var records: [StoredRecord] = []
    /// Where each record's payload is in `payloads`; nil when the record holds no domain event.
    private var spans: [Range<Int>?] = []
    private var payloads: [UInt8] = []
    /// The decoded events of the batch, kept between batches: a fresh 64 KB array per batch made
    /// malloc consolidate its free lists each time.
    private var decoded: [DomainEvent?] = []
    /// The complaints the fold of the batch closed for good, freed by `reset`.
    private var departed = Departures()
    /// Where the summaries of departed complaints go, when the replay writes them (nil: nowhere).
    private let summaries: ColdSummaries?

    /// What the fold of a batch lets go of: the complaints it closed for good and, when the
    /// replay writes their summaries, what each summary names (in the same order; nil: none).
    struct Departures {
        var complaints: [Complaint] = []
        var summaries: [SummaryKey?] = []
    }

    /// What a complaint's summary entry must name to be trusted (`ColdSummary`).
    struct SummaryKey {
        var slot: Int
        var sequence: Int32
        var version: UInt32
        var head: UInt64

        /// The key of the complaint at `slot` as the book and its chain heads have it now.
        init?(slot: Int, book: borrowing ComplaintBook, chains: borrowing ChainHeads) {
            guard let head = chains.head(of: slot) else { return nil }
            let record = book.record(at: slot)
            self.slot = slot
            sequence = record.sequence
            version = record.version
            self.head = head.packed
        }
    }

    /// The payload buffer kept between batches (a typical batch of 8192 events needs ~5 MB).
    static let keptPayloadBytes = 32 << 20

    /// How many batches a replay keeps going round: one folded, one decoded and waiting, one
    /// being read.
    static let inFlight = 3

    /// An empty batch with room for `capacity` records; the summaries of the complaints its fold
    /// closes for good go to `summaries`, written on the reading thread.
    init(capacity: Int, summaries: ColdSummaries? = nil) {
        self.summaries = summaries
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

    /// Calls `body` with each record in order (`decodeEvents` first), lent where it lies in the
    /// batch (valid during the call only): whether it holds a domain event, that event (nil when
    /// it is unreadable), and where to put the complaints the fold lets go of. Frees nothing:
    /// `reset` does, on the reading thread.
    mutating func drain(
        _ body: (UnsafePointer<StoredRecord>, _ isEvent: Bool, DomainEvent?, _ departed: inout Departures) throws -> Void
    ) rethrows {
        precondition(decoded.count == records.count, "a batch is decoded before it is drained")
        var departed = Departures()
        swap(&departed, &self.departed)
        defer { swap(&departed, &self.departed) }
        // Each record and event lent to `body` in place: copying a record out of its array (as
        // indexing or enumerating does) retained and released its strings (3 % of a replay), and
        // so did handing it on by value (the compiler copied it to keep it alive across the
        // fold's calls), once per record: the record goes by its address. They are freed with
        // the batch on the reading thread, which has time to spare.
        try records.withUnsafeBufferPointer { records in
            try decoded.withUnsafeBufferPointer { events in
                guard let first = records.baseAddress else { return }
                for index in records.indices {
                    try body(first + index, spans[index] != nil, events[index], &departed)
                }
            }
        }
    }

    /// Empties the batch for the next records, freeing what the last ones held: records, events,
    /// and the complaints their fold let go of (called on the reading thread, off the fold's path).
    mutating func reset() {
        if let summaries, departed.summaries.count == departed.complaints.count {
            for (key, complaint) in zip(departed.summaries, departed.complaints) {
                guard let key else { continue }
                summaries.write(ColdSummary(sequence: key.sequence, version: key.version, head: key.head, of: complaint), slot: key.slot)
            }
        }
        records.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
        decoded.removeAll(keepingCapacity: true)
        departed.complaints.removeAll(keepingCapacity: true)
        departed.summaries.removeAll(keepingCapacity: true)
        // A batch of unusually large payloads does not keep its buffer for the rest of the replay.
        payloads.removeAll(keepingCapacity: payloads.capacity <= ReplayBatch.keptPayloadBytes)
    }

    /// How many pieces `decodeEvents` cuts a batch into: four per core but the fold's (counting
    /// nine cores at most), or one on two cores (`Machine.cores`, asked once).
    static let decodingWorkers: Int = {
        let cores = min(Machine.cores, 9) - 1
        return cores <= 1 ? 1 : cores * 4
    }()

    /// Fills `decoded` (empty before) with the events of the batch: nil for other record types
    /// and unreadable ones. Uses every core but the fold's (on two cores, the reading thread alone
    /// decodes: reading, decoding and freeing take less than the fold, and workers beside it only
    /// took time from the fold), in small chunks that idle workers take over.
    mutating func decodeEvents() {
        let workers = Self.decodingWorkers
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
                    @Sendable func decode(_ worker: Int) {
                        let lower = worker * chunk
                        let upper = min(spans.count, lower + chunk)
                        guard lower < upper else { return }
                        for index in lower..<upper {
                            guard let span = spans[index] else { continue }
                            output[index] = try? DomainEvent.read(from: UnsafeRawBufferPointer(rebasing: payloads[span]))
                        }
                    }
                    if workers == 1 {
                        decode(0)
                    } else {
                        DispatchQueue.concurrentPerform(iterations: workers, execute: decode)
                    }
                }
            }
        }
    }
}
