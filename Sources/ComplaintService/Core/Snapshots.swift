import ComplaintDomain
import EventStore
import Foundation
import Synchronization
import Telemetry

/// The state a snapshot holds: the complaints as folded so far, the audit-trail index and the
/// remembered Idempotency-Keys, as of one log sequence number.
struct SnapshotPayload: Codable {
    var format = 1
    var sequence: UInt64
    var complaints: [Complaint]
    /// Per complaint (by sequence − 1), its events' positions flattened as segment, offset, length.
    var positions: [[UInt64]]
    var idempotency: [EventCodec.IdempotencyRecord]
}

extension ComplaintCore {
    /// Copies the state under the lock (cheap: copy-on-write), encodes it outside the lock, and
    /// writes it through the store (temp file, fsync, rename, directory fsync). Returns false when
    /// there was nothing new to snapshot.
    @discardableResult
    func writeSnapshot() throws -> Bool {
        let copy = state.withLock { state -> (UInt64, [Complaint], [[RecordPosition]], [EventCodec.IdempotencyRecord])? in
            guard state.appliedSequence > state.snapshotSequence else { return nil }
            return (state.appliedSequence, state.book.snapshotComplaints, state.positions, Array(state.idempotency.values))
        }
        guard let (sequence, complaints, positions, idempotency) = copy else { return false }
        let started = Date()
        let flat = positions.map { list in list.flatMap { [UInt64($0.segment), $0.offset, UInt64($0.length)] } }
        let payload = SnapshotPayload(sequence: sequence, complaints: complaints, positions: flat, idempotency: idempotency)
        let bytes = Array(try EventCodec.makeEncoder().encode(payload))
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
        let payload: SnapshotPayload
        do {
            payload = try EventCodec.makeDecoder().decode(SnapshotPayload.self, from: Data(snapshot.payload))
        } catch {
            Log.shared.warn("snapshot unreadable; replaying the whole log", [("sequence", .int(Int(snapshot.sequence))), ("error", .string("\(error)"))])
            return false
        }
        state.withLock { state in
            state.book = ComplaintBook(policy: policy, restoring: payload.complaints)
            state.positions = payload.positions.map { flat in
                stride(from: 0, to: flat.count - 2, by: 3).map { RecordPosition(segment: UInt32(flat[$0]), offset: flat[$0 + 1], length: UInt32(flat[$0 + 2])) }
            }
            state.idempotency = Dictionary(payload.idempotency.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
            state.appliedSequence = payload.sequence
            state.snapshotSequence = payload.sequence
        }
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
        guard core.store.shouldSnapshot, running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return }
        defer { running.store(false, ordering: .releasing) }
        do { try core.writeSnapshot() } catch {
            Log.shared.error("snapshot failed", [("error", .string("\(error)"))])
        }
    }
}
