import ComplaintDomain
import EventStore
import Foundation
import Synchronization
import Telemetry

extension ComplaintCore {
    /// Takes a copy of the state under the lock (copy-on-write, chunk by chunk: O(number of
    /// chunks)) and streams it to the store outside the lock while the state moves on. Returns
    /// false when there was nothing new to snapshot.
    @discardableResult
    func writeSnapshot() throws -> Bool {
        // A file whose record is durable but which could not be moved out of `pending/` must not
        // be covered by a snapshot: start-up would take it for an orphan.
        if let blobs, !blobs.settle() {
            log.error("snapshot postponed: files of recorded uploads are still pending", [("directory", .string(blobs.directory))])
            return false
        }
        var keys: [String: IdempotencyRecord] = [:]
        let taken = state.withLock { state -> SnapshotLines.Contents? in
            guard state.appliedSequence > state.snapshotSequence else { return nil }
            keys = state.idempotency.settle()
            return SnapshotLines.Contents(
                sequence: state.appliedSequence, state: state.complaints.snapshot, chains: state.chains, idempotency: [])
        }
        guard var contents = taken else { return false }
        // Listed outside the lock: a day of Idempotency-Keys can be hundreds of thousands.
        contents.idempotency = Array(keys.values)
        keys = [:]  // shared no longer: the next snapshot's `settle` merges in place
        let started = Date()
        let bytes = Mutex(0)
        try store.writeSnapshot(sequence: contents.sequence) { emit in
            try withoutActuallyEscaping(emit) { emit in
                try SnapshotWriter.write(contents) { piece in
                    // Checked for each piece (about a megabyte): the file is left unfinished and
                    // removed, and the next start replays the tail after the previous snapshot.
                    if let deadline = self.snapshotDeadline.withLock({ $0 }), Date() >= deadline {
                        throw SnapshotAbandoned(writtenBytes: bytes.withLock { $0 })
                    }
                    bytes.withLock { $0 += piece.count }
                    try emit(piece)
                }
            }
        }
        let seconds = Date().timeIntervalSince(started)
        state.withLock {
            $0.snapshotSequence = max($0.snapshotSequence, contents.sequence)
            $0.lastSnapshotSeconds = seconds
        }
        log.info(
            "snapshot written",
            [
                ("sequence", .int(Int(contents.sequence))), ("complaints", .int(contents.state.records.count)),
                ("bytes", .int(bytes.withLock { $0 })), ("seconds", .double(seconds)),
            ])
        return true
    }

    /// Abandons any snapshot still being written at `deadline` (the end of the grace period of
    /// a shutdown, less what closing the store needs), the one in progress included.
    func abandonSnapshots(at deadline: Date) {
        snapshotDeadline.withLock { $0 = deadline }
    }

    /// The snapshot at shutdown, only when it is expected to take at most half of `seconds`
    /// (`ShutdownSnapshotRule`): at millions of complaints a snapshot may take longer than the
    /// grace period, and the next start then replays at most the tail since the last periodic
    /// snapshot instead. False when skipped or nothing is new.
    func writeSnapshot(ifWithin seconds: Double) throws -> Bool {
        let last = state.withLock { state in
            state.lastSnapshotSeconds ?? ShutdownSnapshotRule.estimatedSeconds(complaints: state.complaints.book.count)
        }
        let rule = ShutdownSnapshotRule(lastSeconds: last, secondsLeft: seconds)
        guard rule.writes else {
            log.info(
                "snapshot at shutdown skipped: the last one took longer than half the time left",
                [("lastSeconds", .double(last)), ("secondsLeft", .double(seconds))])
            return false
        }
        return try writeSnapshot()
    }

    /// Loads the newest usable snapshot into the state, streaming it; false when there is none
    /// (the whole log is replayed then). The store verifies the checksum as the file is read, not
    /// beforehand: a snapshot whose checksum or contents fail is discarded once read, and the one
    /// before it is loaded instead.
    func loadSnapshot() throws -> Bool {
        var candidate = try store.latestSnapshotInfo()
        while let info = candidate {
            guard let failure = load(info) else { return true }
            // The store logs it, and offers the one before (nil: replay the whole log).
            candidate = try store.discardSnapshot(info, reason: "\(failure)")
        }
        return false
    }

    /// Loads the snapshot `info` into the state; the error (the state untouched) when it is damaged.
    private func load(_ info: SnapshotInfo) -> (any Error)? {
        let started = Date()
        let contents: SnapshotLines.Contents
        let queue = LineQueue(limit: 64)
        // However reading ends, the thread filling the queue stops and lets go of the file.
        defer { queue.cancel() }
        do {
            contents = try SnapshotReader.read(lines(of: info, through: queue))
        } catch {
            return error
        }
        var complaints = ComplaintState(policy: policy, restoring: contents.state)
        complaints.book.staff = staff
        state.withLock { state in
            state.complaints = complaints
            state.chains = contents.chains
            state.idempotency.restore(contents.idempotency)
            state.appliedSequence = contents.sequence
            state.snapshotSequence = contents.sequence
        }
        let seconds = Date().timeIntervalSince(started)
        // Until this process writes one, the load bounds the snapshot at shutdown: writing takes
        // longer than reading (1.7 s against 1.0 s at a million complaints), so twice the load.
        // Without it, a service restarted on ten million complaints began a 20-second snapshot
        // at SIGTERM and was cut off by the grace period.
        state.withLock { $0.lastSnapshotSeconds = $0.lastSnapshotSeconds ?? seconds * 2 }
        log.info(
            "snapshot loaded",
            [
                ("sequence", .int(Int(contents.sequence))), ("complaints", .int(contents.state.records.count)),
                ("seconds", .double(seconds)),
            ])
        return nil
    }

    /// The snapshot's payload as lines, read from the store in blocks.
    private func lines(of info: SnapshotInfo, through queue: LineQueue) -> () throws -> [UInt8]? {
        // The store streams blocks through a closure; lines are handed out one at a time, so the
        // blocks are gathered on a reader thread into a bounded queue.
        let store = self.store
        Thread.detachNewThread {
            do {
                var partial: [UInt8] = []
                // A line longer than a block (a chunk of records, ~10 MB at 1 M) grows in pieces:
                // room for one as long as the last such line saves copying it again as it grows
                // (a fifth of the streaming thread of a 1 M restart).
                var lastLong = 0
                try store.readSnapshot(info) { block in
                    var start = 0
                    // memchr, not the generic firstIndex(of:) over a slice (6 % of a restart).
                    while start < block.count, let found = memchr(block.baseAddress! + start, 0x0A, block.count - start) {
                        let newline = block.baseAddress!.distance(to: UnsafeRawPointer(found))
                        let rest = UnsafeRawBufferPointer(rebasing: block[start..<newline])
                        if partial.isEmpty {
                            try queue.push(.line(Array(rest)))
                        } else {
                            partial.append(contentsOf: rest)
                            lastLong = partial.count
                            try queue.push(.line(partial))
                            partial = []
                        }
                        start = newline + 1
                    }
                    if start < block.count {
                        if partial.isEmpty { partial.reserveCapacity(max(lastLong + lastLong / 8, block.count - start)) }
                        partial.append(contentsOf: UnsafeRawBufferPointer(rebasing: block[start...]))
                    }
                }
                if !partial.isEmpty { try queue.push(.line(partial)) }
                try queue.push(.end)
            } catch is LineQueue.Cancelled {
                return
            } catch {
                try? queue.push(.failed(error))
            }
        }
        return {
            switch queue.pop() {
            case .line(let line): return line
            case .end: return nil
            case .failed(let error): throw error
            }
        }
    }
}

/// A bounded queue of snapshot lines between the thread reading the file and the one decoding.
/// The decoding side cancels it when it stops early (a damaged line), so the reader thread does
/// not wait forever for room, holding the snapshot file open.
final class LineQueue: Sendable {
    enum Item: Sendable {
        case line([UInt8])
        case end
        case failed(any Error)
    }
    struct Cancelled: Error {}
    private let items = Mutex<(queue: [Item], cancelled: Bool)>(([], false))
    private let available = DispatchSemaphore(value: 0)
    private let room: DispatchSemaphore

    init(limit: Int) { room = DispatchSemaphore(value: limit) }

    /// Waits for room; throws `Cancelled` once the reader gave up.
    func push(_ item: Item) throws {
        while room.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            if items.withLock({ $0.cancelled }) { throw Cancelled() }
        }
        try items.withLock { state in
            if state.cancelled { throw Cancelled() }
            state.queue.append(item)
        }
        available.signal()
    }

    func pop() -> Item {
        available.wait()
        let item = items.withLock { $0.queue.removeFirst() }
        room.signal()
        return item
    }

    /// Stops the producer at its next push and drops what waits.
    func cancel() {
        items.withLock { state in
            state.cancelled = true
            state.queue.removeAll()
        }
    }
}

/// Takes snapshots in the background when the store says enough has happened since the last one.
final class SnapshotScheduler: Sendable {
    private let core: ComplaintCore
    private let queue = DispatchQueue(label: "complaintd.snapshots", qos: .utility)
    // nonisolated(unsafe) is safe: set once by `start` before the timer runs, read by `stop`
    // after: never concurrently.
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
        let rule = core.read { state in
            PeriodicSnapshotRule(
                tail: Int(state.appliedSequence &- state.snapshotSequence), open: state.book.hotCount, complaints: state.book.count)
        }
        guard rule.isDue else { return }
        guard running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return }
        defer { running.store(false, ordering: .releasing) }
        do { try core.writeSnapshot() } catch let abandoned as SnapshotAbandoned {
            core.log.info("snapshot abandoned: the grace period of the shutdown ends", [("writtenBytes", .int(abandoned.writtenBytes))])
        } catch {
            core.log.error("snapshot failed", [("error", .string("\(error)"))])
        }
    }
}

/// A snapshot stopped unfinished because the grace period of a shutdown ends (its file removed).
struct SnapshotAbandoned: Error, CustomStringConvertible {
    /// How much of it was written.
    var writtenBytes: Int

    var description: String { "snapshot abandoned after \(writtenBytes) bytes: the grace period ends" }
}
