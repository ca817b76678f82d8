import ComplaintDomain
import Foundation

/// Events of one shard in its time order, each with its time (ms) and its complaint's number in
/// the shard: the merge orders and numbers them without opening the events.
struct ShardBatch: Sendable {
    var events: [DomainEvent] = []
    var millis: [Int64] = []
    var locals: [Int32] = []

    init(capacity: Int) {
        events.reserveCapacity(capacity)
        millis.reserveCapacity(capacity)
        locals.reserveCapacity(capacity)
    }
}

/// The batches one simulation shard has finished, waiting for the merge: bounded, so a shard
/// that runs ahead of the others waits instead of filling memory.
final class ShardOutbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [ShardBatch] = []
    private var closed = false
    private let limit: Int

    init(limit: Int = 16) { self.limit = limit }

    /// Hands over a batch (events in the shard's time order); waits while the outbox is full.
    func put(_ batch: ShardBatch) {
        condition.lock()
        while batches.count >= limit { condition.wait() }
        batches.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// The shard has no more events.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, waiting for the shard; nil once it closed and everything was taken.
    func take() -> ShardBatch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !closed { condition.wait() }
        guard !batches.isEmpty else { return nil }
        condition.broadcast()
        return batches.removeFirst()
    }
}

/// Merges the shards' events into one log in time order and gives complaints their log-wide
/// numbers. Each shard's book numbers its own complaints 1, 2, 3 …; the service requires the
/// sequences to ascend through the log, so the merge numbers each registration as it passes and
/// every later event of that complaint carries the new number to the encoders, which write it
/// into the id (`C2611-000042` of shard 1 may become `C2611-000083`). Ties in time go to the
/// lower shard, so the log depends only on the seed and the shard count.
struct ShardMerge {
    /// Per shard: the log-wide sequence of each local sequence (index), 0 where none.
    private(set) var global: [[Int32]]
    /// Registrations numbered so far.
    private(set) var registrations = 0

    init(shards: Int) { global = Array(repeating: [0], count: shards) }

    /// Numbers a registration of `shard` and returns it with its log-wide id and sequence.
    mutating func register(_ e: DomainEvent.Registered, shard: Int) -> DomainEvent {
        var e = e
        registrations += 1
        let local = e.sequence
        if local >= global[shard].count {
            global[shard] += repeatElement(0, count: max(local + 1, 2 * global[shard].count) - global[shard].count)
        }
        global[shard][local] = Int32(registrations)
        e.sequence = registrations
        e.complaintID = Self.id(e.complaintID, number: registrations)
        if let earlier = e.repeatOf { e.repeatOf = finalID(earlier, shard: shard) }
        return .registered(e)
    }

    /// The log-wide number of complaint `local` of `shard` (registered earlier in the merge).
    @inline(__always)
    func number(_ local: Int32, shard: Int) -> Int32 {
        let number = Int(local) < global[shard].count ? global[shard][Int(local)] : 0
        precondition(number > 0, "shard \(shard) wrote complaint \(local) before registering it")
        return number
    }

    /// The log-wide id of the complaint `id` of `shard` (registered earlier in the merge).
    func finalID(_ id: String, shard: Int) -> String {
        Self.id(id, number: Int(number(Int32(ComplaintBook.sequence(inID: id) ?? 0), shard: shard)))
    }

    /// `id` with its number replaced: the year-month prefix stays ("C2611-"), the number is
    /// padded to six digits as the book pads it.
    static func id(_ id: String, number: Int) -> String {
        var bytes: [UInt8] = []
        appendID(id.utf8, number: number, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `id` with its number replaced by `number` (see `id(_:number:)`).
    static func appendID<Bytes: Collection>(_ id: Bytes, number: Int, to out: inout [UInt8]) where Bytes.Element == UInt8 {
        for byte in id {
            out.append(byte)
            if byte == UInt8(ascii: "-") { break }
        }
        for _ in 0..<max(0, 6 - decimalDigits(number)) { out.append(UInt8(ascii: "0")) }
        appendDecimal(UInt64(number), to: &out)
    }

    static func decimalDigits(_ value: Int) -> Int {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        return digits
    }

    /// Takes the shards' batches in time order, numbers them, and hands them to `writer` in
    /// batches of `batchSize` with their log sequences; `progress` sees (complaints, records).
    mutating func run(
        _ outboxes: [ShardOutbox], into writer: LogWriter, batchSize: Int, progress: (Int, UInt64) -> Void
    ) -> UInt64 {
        var current: [ShardBatch] = outboxes.map { $0.take() ?? ShardBatch(capacity: 0) }
        var position = Array(repeating: 0, count: outboxes.count)
        var live = Array(repeating: true, count: outboxes.count)
        var out: [DomainEvent] = []
        var numbers: [Int32] = []
        out.reserveCapacity(batchSize)
        numbers.reserveCapacity(batchSize)
        var written: UInt64 = 0
        var reported = 0
        while true {
            var best = -1
            var bestAt = Int64.max
            for shard in 0..<outboxes.count where live[shard] {
                if position[shard] == current[shard].events.count {
                    guard let next = outboxes[shard].take() else {
                        live[shard] = false
                        continue
                    }
                    current[shard] = next
                    position[shard] = 0
                }
                let at = current[shard].millis[position[shard]]
                if best < 0 || at < bestAt {
                    best = shard
                    bestAt = at
                }
            }
            guard best >= 0 else { break }
            let index = position[best]
            position[best] += 1
            if case .registered(let e) = current[best].events[index] {
                out.append(register(e, shard: best))
                numbers.append(0)
            } else {
                out.append(current[best].events[index])
                numbers.append(number(current[best].locals[index], shard: best))
            }
            if out.count >= batchSize {
                writer.submit(out, numbers: numbers, firstSequence: written + 1)
                written += UInt64(out.count)
                out.removeAll(keepingCapacity: true)
                numbers.removeAll(keepingCapacity: true)
                if registrations - reported >= 100_000 {
                    reported = registrations
                    progress(registrations, written)
                }
            }
        }
        writer.submit(out, numbers: numbers, firstSequence: written + 1)
        return written + UInt64(out.count)
    }
}
