import ComplaintDomain
import EventStore
import Foundation
import Synchronization
import Telemetry

/// A snapshot's payload, streamed as JSON lines so neither writing nor reading needs one giant
/// document in memory, and so both can use every core:
///
///     {"format":2,"sequence":S,"complaints":N,"idempotency":[...],"ledger":{...}}
///     [<complaint>,[segment,offset,length, ...]]      one line per complaint, in sequence order
enum SnapshotFormat {
    struct Header: Codable {
        var format = 2
        var sequence: UInt64
        var complaints: Int
        var idempotency: [EventCodec.IdempotencyRecord]
        var ledger: ReportLedger.Stored
    }

    /// One complaint line: the complaint and the log positions of its events.
    struct Line: Decodable {
        var complaint: Complaint
        var positions: [UInt64]
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            complaint = try container.decode(Complaint.self)
            positions = try container.decode([UInt64].self)
        }
    }

    static func encode(sequence: UInt64, complaints: [Complaint], positions: [[RecordPosition]],
                       idempotency: [EventCodec.IdempotencyRecord], ledger: ReportLedger.Stored) throws -> [UInt8] {
        var out = Array(try EventCodec.makeEncoder().encode(Header(sequence: sequence, complaints: complaints.count, idempotency: idempotency, ledger: ledger)))
        out.append(0x0A)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let chunkCount = max(1, min(complaints.count / 1024, workers * 4))
        let chunkSize = (complaints.count + chunkCount - 1) / chunkCount
        var chunks = [[UInt8]](repeating: [], count: chunkCount)
        let failures = FailureBox()
        chunks.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer  // each chunk index is written by one worker
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let encoder = EventCodec.makeEncoder()
                var bytes: [UInt8] = []
                let lower = chunk * chunkSize
                let upper = min(complaints.count, lower + chunkSize)
                guard lower < upper else { return }
                bytes.reserveCapacity((upper - lower) * 900)
                do {
                    for index in lower..<upper {
                        bytes.append(UInt8(ascii: "["))
                        bytes.append(contentsOf: try encoder.encode(complaints[index]))
                        bytes.append(contentsOf: ",[".utf8)
                        let sequence = complaints[index].sequence
                        if sequence >= 1, sequence <= positions.count {
                            for (i, p) in positions[sequence - 1].enumerated() {
                                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                                bytes.append(contentsOf: "\(p.segment),\(p.offset),\(p.length)".utf8)
                            }
                        }
                        bytes.append(contentsOf: "]]\n".utf8)
                    }
                } catch {
                    failures.set(error)
                }
                output[chunk] = bytes
            }
        }
        if let failure = failures.error { throw failure }
        out.reserveCapacity(out.count + chunks.reduce(0) { $0 + $1.count })
        for index in chunks.indices {
            out.append(contentsOf: chunks[index])
            chunks[index] = []
        }
        return out
    }

    struct Decoded {
        var header: Header
        var complaints: [Complaint]
        var positions: [[RecordPosition]]
    }

    static func decode(_ payload: [UInt8]) throws -> Decoded {
        var lineStarts: [Int] = [0]
        payload.withUnsafeBytes { raw in
            var index = 0
            while index < raw.count {
                guard let found = memchr(raw.baseAddress! + index, 0x0A, raw.count - index) else { break }
                let end = raw.baseAddress!.distance(to: UnsafeRawPointer(found))
                lineStarts.append(end + 1)
                index = end + 1
            }
        }
        let starts = lineStarts
        guard starts.count >= 2 else { throw SnapshotError("the snapshot has no header line") }
        let header = try EventCodec.makeDecoder().decode(Header.self, from: Data(payload[0..<(lineStarts[1] - 1)]))
        guard header.format == 2 else { throw SnapshotError("unknown snapshot format \(header.format)") }
        let lines = lineStarts.count - 2  // header, then complaint lines, each ending with a newline
        guard lines == header.complaints else { throw SnapshotError("the snapshot holds \(lines) complaint lines, its header says \(header.complaints)") }
        var complaints = [Complaint?](repeating: nil, count: lines)
        var positions = [[RecordPosition]](repeating: [], count: lines)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let chunkSize = (lines + workers - 1) / max(1, workers)
        complaints.withUnsafeMutableBufferPointer { complaintBuffer in
            positions.withUnsafeMutableBufferPointer { positionBuffer in
                nonisolated(unsafe) let outComplaints = complaintBuffer
                nonisolated(unsafe) let outPositions = positionBuffer
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let decoder = EventCodec.makeDecoder()
                    let lower = worker * chunkSize
                    let upper = min(lines, lower + chunkSize)
                    guard lower < upper else { return }
                    for line in lower..<upper {
                        let range = starts[line + 1]..<(starts[line + 2] - 1)
                        guard let decoded = try? decoder.decode(Line.self, from: Data(payload[range])) else { continue }
                        outComplaints[line] = decoded.complaint
                        let flat = decoded.positions
                        outPositions[line] = stride(from: 0, to: flat.count - 2, by: 3).map {
                            RecordPosition(segment: UInt32(flat[$0]), offset: flat[$0 + 1], length: UInt32(flat[$0 + 2]))
                        }
                    }
                }
            }
        }
        var result: [Complaint] = []
        result.reserveCapacity(lines)
        for (index, complaint) in complaints.enumerated() {
            guard let complaint else { throw SnapshotError("complaint line \(index + 2) of the snapshot is unreadable") }
            result.append(complaint)
        }
        return Decoded(header: header, complaints: result, positions: positions)
    }
}

/// The first error a group of workers hit.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var first: (any Error)?
    func set(_ error: any Error) { lock.lock(); if first == nil { first = error }; lock.unlock() }
    var error: (any Error)? { lock.lock(); defer { lock.unlock() }; return first }
}

struct SnapshotError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension ComplaintCore {
    /// Copies the state under the lock (cheap: copy-on-write), encodes it outside the lock, and
    /// writes it through the store (temp file, fsync, rename, directory fsync). Returns false when
    /// there was nothing new to snapshot.
    @discardableResult
    func writeSnapshot() throws -> Bool {
        let copy = state.withLock { state -> (UInt64, [Complaint], [[RecordPosition]], [EventCodec.IdempotencyRecord], ReportLedger.Stored)? in
            guard state.appliedSequence > state.snapshotSequence else { return nil }
            return (state.appliedSequence, state.book.snapshotComplaints, state.positions, Array(state.idempotency.values), state.book.storedLedger)
        }
        guard let (sequence, complaints, positions, idempotency, ledger) = copy else { return false }
        let started = Date()
        let bytes = try SnapshotFormat.encode(sequence: sequence, complaints: complaints, positions: positions, idempotency: idempotency, ledger: ledger)
        try store.writeSnapshot(sequence: sequence, payload: bytes)
        state.withLock { $0.snapshotSequence = max($0.snapshotSequence, sequence) }
        Log.shared.info("snapshot written", [("sequence", .int(Int(sequence))), ("complaints", .int(complaints.count)),
                                             ("bytes", .int(bytes.count)), ("seconds", .double(Date().timeIntervalSince(started)))])
        return true
    }

    /// Loads the newest snapshot into the state; false when there is none (or it cannot be read,
    /// in which case the whole log is replayed).
    func loadSnapshot() throws -> Bool {
        guard let snapshot = try store.latestSnapshot() else { return false }
        let started = Date()
        let decoded: SnapshotFormat.Decoded
        do {
            decoded = try SnapshotFormat.decode(snapshot.payload)
        } catch {
            Log.shared.warn("snapshot unreadable; replaying the whole log", [("sequence", .int(Int(snapshot.sequence))), ("error", .string("\(error)"))])
            return false
        }
        var positions = [[RecordPosition]](repeating: [], count: decoded.complaints.last?.sequence ?? 0)
        for (complaint, list) in zip(decoded.complaints, decoded.positions) where complaint.sequence >= 1 {
            positions[complaint.sequence - 1] = list
        }
        state.withLock { state in
            state.book = ComplaintBook(policy: policy, restoring: decoded.complaints, ledger: decoded.header.ledger)
            state.positions = positions
            state.idempotency = Dictionary(decoded.header.idempotency.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
            state.appliedSequence = decoded.header.sequence
            state.snapshotSequence = decoded.header.sequence
        }
        Log.shared.info("snapshot loaded", [("sequence", .int(Int(decoded.header.sequence))), ("complaints", .int(decoded.complaints.count)),
                                            ("seconds", .double(Date().timeIntervalSince(started)))])
        return true
    }
}

/// Takes snapshots in the background when the store says enough has happened since the last one.
final class SnapshotScheduler: Sendable {
    private let core: ComplaintCore
    private let queue = DispatchQueue(label: "complaintd.snapshots", qos: .utility)
    nonisolated(unsafe) private var timer: DispatchSourceTimer?
    private let running = Atomic<Bool>(false)

    init(core: ComplaintCore) { self.core = core }

    func start(checkEverySeconds: Double = 5) {
        let source = DispatchSource.makeTimerSource(queue: queue)
        source.schedule(deadline: .now() + checkEverySeconds, repeating: checkEverySeconds, leeway: .seconds(1))
        source.setEventHandler { [weak self] in self?.check() }
        timer = source
        source.resume()
    }

    func stop() {
        timer?.cancel()
        queue.sync {}  // let a snapshot in progress finish before the store closes
    }

    private func check() {
        guard core.store.shouldSnapshot else { return }
        // A snapshot costs time proportional to the whole state, replaying the tail costs time
        // proportional to the tail: with a large state, wait until the tail is at least half as
        // many events as there are complaints, so snapshots never dominate the machine.
        let (tail, complaints) = core.read { (Int($0.appliedSequence &- $0.snapshotSequence), $0.book.count) }
        guard tail * 2 >= complaints else { return }
        guard running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return }
        defer { running.store(false, ordering: .releasing) }
        do { try core.writeSnapshot() } catch {
            Log.shared.error("snapshot failed", [("error", .string("\(error)"))])
        }
    }
}
