import CLinux
import ComplaintDomain
import Dispatch
import EventStore
import Foundation

/// The records a replay folds next, with their events' payloads copied back to back into one
/// buffer, decoded by the reading thread (`ReplayPipeline`; helped by the fold when it has nothing
/// to fold, and with more than two cores by every core but the fold's) and handed out in log order.
///
/// The decoding workers read that buffer in place and touch no reference count: retaining a
/// record the reading thread made (its type and payload) is a cache miss on another core, and
/// cost 3 % of a replay.
struct ReplayBatch: Sendable {
    private var records: [StoredRecord] = []
    /// Where each record's payload is in `payloads`; nil when the record holds no domain event.
    private var spans: [Range<Int>?] = []
    /// The sequence each record's stream names (`ComplaintBook.sequence(inID:)`; -1: none),
    /// read by the reading thread as it fills the batch: the fold looks complaints up by it and
    /// asks for their memory ahead with it. Parsed on the fold (twice an event, with the check
    /// of the id's month it saves: `ComplaintBook.slot(of:sequence:)`), it was 9 % of the fold's
    /// instructions, and the fold is the slower stage at 10 M.
    private var sequences: [Int] = []
    private var payloads: [UInt8] = []
    /// The decoded events of the batch, kept between batches: a fresh 64 KB array per batch made
    /// malloc consolidate its free lists each time.
    private var decoded: [DomainEvent?] = []
    /// The complaints the fold of the batch closed for good, freed by `releaseDeparted`.
    private var departed = Departures()
    /// Where the summaries of departed complaints go, when the replay writes them (nil: nowhere).
    private let summaries: ColdSummaries?

    /// What the fold of a batch lets go of: the complaints it closed for good and, when the
    /// replay writes their summaries, what each summary names (in the same order; nil: none);
    /// and, in a full replay, what each event it folded leaves to the read models that follow
    /// on the reading thread (`follow`).
    struct Departures {
        var complaints: [Complaint] = []
        var summaries: [SummaryKey?] = []
        /// The index of each such event in the batch, with its step, in log order.
        fileprivate var steps: [(index: Int, step: ComplaintBook.DeferredStep)] = []
        /// The record being folded (`drain` sets it).
        fileprivate var folding = 0

        /// Leaves `step`, of the event being folded, to the read models that follow the fold.
        mutating func follow(_ step: ComplaintBook.DeferredStep) {
            steps.append((folding, step))
        }
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

    /// The payload buffer kept between batches (a typical batch of 1,024 events needs ~600 KB).
    static let keptPayloadBytes = 32 << 20

    /// How many batches a replay keeps going round: one folded, one decoded and waiting, one
    /// being read, and one to spare (`ReplaySchedule`), so the reading thread does not wait for
    /// the fold to hand one back.
    static let inFlight = 4

    /// An empty batch with room for `capacity` records; the summaries of the complaints its fold
    /// closes for good go to `summaries`, written when the batch is emptied (`releaseDeparted`).
    init(capacity: Int, summaries: ColdSummaries? = nil) {
        self.summaries = summaries
        records.reserveCapacity(capacity)
        spans.reserveCapacity(capacity)
        sequences.reserveCapacity(capacity)
        payloads.reserveCapacity(capacity * 512)
        decoded.reserveCapacity(capacity)
    }

    /// How many records wait.
    var count: Int { records.count }

    /// Adds the next record of the log, its payload lent beside it (`EventStore.replay(after:
    /// lendingPayloads:)`). An event's payload is only copied into the batch's buffer, and into
    /// the record too only when `keepingPayload` (someone else reads it); others keep theirs.
    /// The record is taken, not copied: a copy retained its strings (2.4 % of the reading thread).
    mutating func append(_ record: consuming StoredRecord, payload: UnsafeRawBufferPointer, keepingPayload: Bool) {
        if EventCodec.isEvent(record) {
            let start = payloads.count
            payloads.append(contentsOf: payload)
            spans.append(start..<payloads.count)
            sequences.append(ComplaintBook.sequence(inID: record.stream) ?? -1)
            if keepingPayload { record.payload = Array(payload) }
        } else {
            spans.append(nil)
            sequences.append(-1)
            record.payload = Array(payload)
        }
        records.append(consume record)
    }

    /// Calls `body` with each record in order (`decodeEvents` first), lent where it lies in the
    /// batch (valid during the call only): whether it holds a domain event, that event, lent the
    /// same way (nil when it is unreadable), where to put the complaints the fold lets go of, the
    /// sequence its stream names (nil: none), and that of the record `prefetchDistance` places on
    /// (nil near the end, or none), whose memory the fold may ask for early. Frees nothing:
    /// `releaseDeparted` does once the batch is folded, `releaseRecords` later, on the reading
    /// thread (`ReplayPipeline`).
    mutating func drain(
        _ body: (
            UnsafePointer<StoredRecord>, _ isEvent: Bool, UnsafePointer<DomainEvent>?, _ departed: inout Departures,
            _ sequence: Int?, _ ahead: Int?
        ) throws -> Void
    ) rethrows {
        precondition(decoded.count == records.count, "a batch is decoded before it is drained")
        var departed = Departures()
        swap(&departed, &self.departed)
        defer { swap(&departed, &self.departed) }
        // Each record and event lent to `body` in place: copying a record out of its array (as
        // indexing or enumerating does) retained and released its strings (3 % of a replay), and
        // so did handing it on by value (the compiler copied it to keep it alive across the
        // fold's calls), once per record: the record goes by its address. So does the event: by
        // value, the fold retained and released its box (3 % of the fold, the retain a cache
        // miss), which also left the box's line written on the fold's core for the reading
        // thread to fetch back when it frees the event. They are freed with the batch, off the
        // fold's path (`ReplaySchedule`).
        try records.withUnsafeBufferPointer { records in
            try decoded.withUnsafeBufferPointer { events in
                guard let first = records.baseAddress, let firstEvent = events.baseAddress else { return }
                for index in records.indices {
                    var ahead: Int?
                    if index + Self.prefetchDistance < events.count {
                        Self.prefetch(firstEvent + index + Self.prefetchDistance)
                        ahead = Self.named(sequences[index + Self.prefetchDistance])
                    }
                    let sequence = Self.named(sequences[index])
                    departed.folding = index
                    try body(first + index, spans[index] != nil, Self.lent(firstEvent + index), &departed, sequence, ahead)
                }
            }
        }
    }

    /// The event at `slot`, by its address (nil when there is none): an optional event holds
    /// the event itself at its start (`Optional` keeps its payload at offset 0), so the address
    /// of a non-nil one is the event's.
    @inline(__always)
    private static func lent(_ slot: UnsafePointer<DomainEvent?>) -> UnsafePointer<DomainEvent>? {
        guard slot.pointee != nil else { return nil }
        return UnsafeRawPointer(slot).assumingMemoryBound(to: DomainEvent.self)
    }

    /// A sequence as `sequences` holds it, nil for none.
    @inline(__always)
    private static func named(_ sequence: Int) -> Int? { sequence >= 0 ? sequence : nil }

    /// How many events ahead of the one folded `drain` asks for the next payload's memory.
    static let prefetchDistance = 4

    /// Asks the CPU to bring in the payload of the event at `event`: the reading thread decoded
    /// it on the other core, and the fold's first touch of it was a cache miss, 5 % of the fold
    /// thread's samples (2.6–3 % with this). It is asked for to be read, not written: the fold
    /// reads the event and leaves it as it is for the reading thread to free. An indirect
    /// enum is a reference to its payload's box with the case in the pointer's spare bits (the
    /// top four and the low three on x86_64); a prefetch never faults, so a wrong guess, on
    /// another platform, costs nothing but the hint.
    @inline(__always)
    private static func prefetch(_ event: UnsafePointer<DomainEvent?>) {
        let bits = UnsafeRawPointer(event).load(as: UInt.self) & 0x0FFF_FFFF_FFFF_FFF8
        guard MemoryLayout<DomainEvent?>.size == MemoryLayout<UInt>.size, let box = UnsafeRawPointer(bitPattern: bits) else { return }
        clinux_prefetch_read(box)
        clinux_prefetch_read(box + 64)
    }

    /// Asks the CPU for the memory the fold of an event touches first (`ComplaintBook
    /// .addresses(ahead:)`): the complaint's compact record and the first lines of its box. At
    /// 10 M complaints these were the fold's worst cache misses (the first touch of the box,
    /// `swift_isUniquelyReferenced`, 9.5 % of its samples; the record's, 5 %).
    static func prefetch(_ addresses: (record: UnsafeRawPointer?, complaint: UnsafeRawPointer?)) {
        if let record = addresses.record { clinux_prefetch_read(record) }
        guard let complaint = addresses.complaint else { return }
        for line in 0..<complaintLines { clinux_prefetch_write(complaint + line * 64) }
    }

    /// How many cache lines of a complaint's box `prefetch` asks for: its header and the
    /// complaint after it, four lines at most.
    private static let complaintLines = min(4, (32 + MemoryLayout<Complaint>.size + 63) / 64)

    /// Writes the summaries of the complaints the fold let go of and frees them (on the fold's
    /// thread, which made them, right after the batch is folded); the records and events stay for
    /// `releaseRecords`.
    mutating func releaseDeparted() {
        if let summaries, departed.summaries.count == departed.complaints.count {
            for (key, complaint) in zip(departed.summaries, departed.complaints) {
                guard let key else { continue }
                summaries.write(ColdSummary(sequence: key.sequence, version: key.version, head: key.head, of: complaint), slot: key.slot)
            }
        }
        departed.complaints.removeAll(keepingCapacity: true)
        departed.summaries.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with each event the fold left to the read side (`Departures.follow`) and its
    /// step, in log order, then forgets them: on the reading thread, before it frees the events
    /// (`ReplayPipeline`), or on the fold for the batches the reading thread did not take back.
    mutating func follow(_ body: (DomainEvent, ComplaintBook.DeferredStep) -> Void) {
        for (index, step) in departed.steps {
            if let event = decoded[index] { body(event, step) }
        }
        departed.steps.removeAll(keepingCapacity: true)
    }

    /// Frees the records and events, on the reading thread, which made them, before it fills the
    /// batch again. glibc keeps a cache of freed blocks per thread, and a thread allocates from
    /// its own: when the fold freed the events, the reading thread's cache stayed empty and every
    /// one of its allocations took the allocator's slow path, blocks the other core had just
    /// written (`_int_malloc` was 14 % of the reading thread). Freed here, the next batch's
    /// events reuse them: a 1 M replay took ~6 % less wall and CPU time (12 paired rounds).
    mutating func releaseRecords() {
        records.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
        sequences.removeAll(keepingCapacity: true)
        decoded.removeAll(keepingCapacity: true)
        // A batch of unusually large payloads does not keep its buffer for the rest of the replay.
        payloads.removeAll(keepingCapacity: payloads.capacity <= ReplayBatch.keptPayloadBytes)
    }

    /// How many records `decodeEvents` decodes per chunk: 4 chunks in a batch of 1,024, so the
    /// thread that claims a batch's last chunk keeps the others waiting a fraction of a
    /// millisecond at most.
    static let decodingChunk = 256

    /// How many threads beside the fold decode a batch: every core but the fold's (counting nine
    /// cores at most), or the reading thread alone on two cores (`Machine.cores`, asked once).
    static let decodingThreads = max(1, min(Machine.cores, 9) - 1)

    /// Fills `decoded` (empty before) with the events of the batch: nil for other record types
    /// and unreadable ones; with `leavingOutTexts`, events without the texts people wrote
    /// (`DomainEvent.Reader(leavingOutTexts:)`). The batch is cut into chunks (`SharedChunks`),
    /// lent to `share` before they are decoded: the pipeline lets the fold claim some when it has
    /// nothing to fold (on two cores it would otherwise idle while the reading thread decodes alone). The calling thread
    /// decodes the chunks nobody else took (with more than two cores, so do workers beside it),
    /// and returns once every chunk is done: whoever helped no longer touches the batch. Answers
    /// how long it waited for chunks another thread claimed, in nanoseconds.
    @discardableResult
    mutating func decodeEvents(leavingOutTexts: Bool = false, sharing share: (SharedChunks) -> Void = { _ in }) -> UInt64 {
        var waited: UInt64 = 0
        decoded.append(contentsOf: repeatElement(nil, count: spans.count))
        let size = Self.decodingChunk
        let chunks = (spans.count + size - 1) / size
        spans.withUnsafeBufferPointer { spans in
            payloads.withUnsafeBytes { payloads in
                decoded.withUnsafeMutableBufferPointer { results in
                    // nonisolated(unsafe) is safe: the chunks only read the spans and payloads,
                    // each writes only its own index range of the results, and this returns
                    // after every chunk is done (`SharedChunks.waitUntilDone`).
                    nonisolated(unsafe) let output = results
                    nonisolated(unsafe) let spans = spans
                    nonisolated(unsafe) let payloads = payloads
                    let work = SharedChunks(count: chunks) { chunk in
                        var reader = DomainEvent.Reader(leavingOutTexts: leavingOutTexts)
                        for index in chunk * size..<min(spans.count, chunk * size + size) {
                            guard let span = spans[index] else { continue }
                            output[index] = try? reader.read(from: UnsafeRawBufferPointer(rebasing: payloads[span]))
                        }
                    }
                    share(work)
                    if Self.decodingThreads == 1 {
                        work.help()
                    } else {
                        DispatchQueue.concurrentPerform(iterations: Self.decodingThreads) { _ in work.help() }
                    }
                    waited = work.waitUntilDone()
                }
            }
        }
        return waited
    }
}
