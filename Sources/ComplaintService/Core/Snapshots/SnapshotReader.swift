import ComplaintDomain
import Foundation
import JSONCodec
import Synchronization

/// Reads a snapshot's lines (see `SnapshotLines`) as they come from the file: the big lines
/// (chunks of compact records, batches of whole complaints) are decoded on every core while
/// the next ones are read, with a bounded number in flight so memory stays flat.
final class SnapshotReader: Sendable {
    let parts = Mutex(Parts())
    private let queue = DispatchQueue(label: "complaintd.snapshot.read", attributes: .concurrent)
    private let group = DispatchGroup()
    private let window = DispatchSemaphore(value: max(2, Machine.cores * 2))

    struct Parts {
        var header: (sequence: UInt64, complaints: Int, hot: Int, lastSequence: Int)?
        var strings: [String: [Int: [String]]] = [:]
        var records: [Int: [CompactComplaint]] = [:]
        var hot = HotComplaints()
        var chains: [Int: (first: [UInt64], last: [UInt64])] = [:]
        var unlinked: [Int32: [UInt64]] = [:]
        var incidents: [String: [Int32]] = [:]
        var workers: [String: [Int32]] = [:]
        var activities: [[UInt64]] = []
        var balances: [Int: [(day: Int32, open: Int32)]] = [:]
        var totals: ReportTotals?
        var idempotency: [IdempotencyRecord] = []
        var lines = 0
        var ended = false
        var failure: (any Error)?
    }

    /// Reads every line `next` yields (nil at the end) into the snapshot's contents.
    static func read(_ next: () throws -> [UInt8]?) throws -> SnapshotLines.Contents {
        let reader = SnapshotReader()
        var pendingHot: [[UInt8]] = []
        while let line = try next() {
            guard !reader.failed else { break }
            let kind = line.withUnsafeBytes { SnapshotLines.kind(of: $0) }
            switch kind {
            case .records, .chains:
                reader.inBackground { try reader.decodeColumns(line, kind: kind!) }
            case .hot:
                pendingHot.append(line)
                if pendingHot.count == 512 {
                    let batch = pendingHot
                    pendingHot.removeAll(keepingCapacity: true)
                    reader.inBackground { try reader.decodeHot(batch) }
                }
            case .strings, .incident, .worker, .unlinked, .balance:
                // Each lands under its own key (chunk, name, slot, index): order does not
                // matter, so they are decoded off this thread too.
                reader.inBackground { try reader.decodeSmall(line, kind: kind!) }
            case .end:
                try reader.decodeEnd(line)
            case nil:
                throw SnapshotError("line \(reader.parts.withLock { $0.lines } + 1) of the snapshot is not one of its kinds")
            default:
                try reader.decodeSmall(line, kind: kind!)
            }
            reader.parts.withLock { $0.lines += 1 }
        }
        if !pendingHot.isEmpty {
            let batch = pendingHot
            reader.inBackground { try reader.decodeHot(batch) }
        }
        reader.group.wait()
        return try reader.assemble()
    }

    private var failed: Bool { parts.withLock { $0.failure != nil } }

    private func inBackground(_ work: @escaping @Sendable () throws -> Void) {
        window.wait()
        group.enter()
        queue.async { [self] in
            defer {
                window.signal()
                group.leave()
            }
            do { try work() } catch { parts.withLock { if $0.failure == nil { $0.failure = error } } }
        }
    }

    private func decodeEnd(_ line: [UInt8]) throws {
        let count = try JSONReader.withReader(line) { r -> Int in
            var count = -1
            try r.readObject { key, r in if key == "end" { count = try r.readInt() } }
            return count
        }
        try parts.withLock { parts in
            guard count == parts.lines else { throw SnapshotError("the snapshot's end line counts \(count) lines, \(parts.lines) came before it") }
            parts.ended = true
        }
    }

    private func decodeHot(_ batch: [[UInt8]]) throws {
        var decoded: [(Int32, Complaint)] = []
        decoded.reserveCapacity(batch.count)
        for line in batch {
            try JSONReader.withReader(line) { r in
                var slot: Int32?
                var complaint: Complaint?
                try r.readObject { key, r in
                    switch key {
                    case "hot": slot = try r.readInt32()
                    case "complaint": complaint = try Complaint(from: &r)
                    default: try r.skipValue()
                    }
                }
                guard let slot, let complaint else { throw SnapshotError("a hot line lacks its slot or complaint") }
                decoded.append((slot, complaint))
            }
        }
        parts.withLock { for (slot, complaint) in decoded { $0.hot[slot] = complaint } }
    }

    private func assemble() throws -> SnapshotLines.Contents {
        try parts.withLock { p in
            if let failure = p.failure { throw failure }
            guard let header = p.header else { throw SnapshotError("the snapshot has no header") }
            guard p.ended else { throw SnapshotError("the snapshot ends early (no end line)") }
            var chunks: [[CompactComplaint]] = []
            for chunk in 0..<p.records.count {
                guard let values = p.records.removeValue(forKey: chunk) else { throw SnapshotError("the snapshot lacks record chunk \(chunk)") }
                chunks.append(values)
            }
            guard let records = chunks.isEmpty ? ChunkedArray() : ChunkedArray(adopting: chunks) else {
                throw SnapshotError("the snapshot's record chunks have the wrong sizes")
            }
            guard records.count == header.complaints, p.hot.count == header.hot else {
                throw SnapshotError(
                    "the snapshot holds \(records.count) records and \(p.hot.count) whole complaints; its header says \(header.complaints) and \(header.hot)"
                )
            }
            var chains = ChainHeads()
            for chunk in 0..<p.chains.count {
                guard let pair = p.chains[chunk] else { throw SnapshotError("the snapshot lacks chain chunk \(chunk)") }
                for (first, last) in zip(pair.first, pair.last) {
                    chains.first.append(first)
                    chains.last.append(last)
                }
            }
            chains.unlinked = p.unlinked
            func table(_ name: String) -> ChunkedArray<String> {
                var values = ChunkedArray<String>()
                let chunks = p.strings[name] ?? [:]
                for chunk in 0..<chunks.count { for value in chunks[chunk] ?? [] { values.append(value) } }
                return values
            }
            var activities = ChunkedArray<UInt64>()
            for chunk in p.activities { for activity in chunk { activities.append(activity) } }
            let balanceCount = (p.balances.keys.max() ?? 0) + 1
            let balances = (0..<balanceCount).map { p.balances[$0] ?? [] }
            let state = StateSnapshot(
                records: records, hot: p.hot, estates: table("estates"), buildings: table("buildings"), units: table("units"),
                names: table("names"), users: table("users"), incidents: p.incidents, workers: p.workers,
                activities: activities, openBalance: balances, totals: p.totals ?? ReportTotals.zero,
                lastSequence: header.lastSequence)
            return SnapshotLines.Contents(sequence: header.sequence, state: state, chains: chains, idempotency: p.idempotency)
        }
    }
}
