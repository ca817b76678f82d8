// The store's public face: open (lock + recovery), replay, append, read,
// snapshots, statistics, close. The work is done by the files it names.

import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An append-only log of typed records with group commit, crash recovery and snapshots.
public final class EventStore: Sendable {
    private let configuration: StoreConfiguration
    private let layout: LogLayout
    private let lockDescriptor: Int32
    let writer: GroupCommitWriter
    private let now: @Sendable () -> Int64
    private let log: StoreLog
    private let recovery: RecoveryReport
    private let openDuration: Double
    /// Last snapshot's sequence and time (open time if none): the baseline for `shouldSnapshot`.
    private let snapshotMark: Mutex<(sequence: UInt64, timestampMillis: Int64)>
    private let isClosed = Mutex(false)
    /// Serializes writeSnapshot calls so pruning and segment deletion never interleave.
    private let snapshotWriting = Mutex(())

    private init(configuration: StoreConfiguration, layout: LogLayout, lockDescriptor: Int32, writer: GroupCommitWriter,
                 now: @escaping @Sendable () -> Int64, log: @escaping StoreLog, recovery: RecoveryReport,
                 openDuration: Double, snapshotMark: (UInt64, Int64)) {
        self.configuration = configuration
        self.layout = layout
        self.lockDescriptor = lockDescriptor
        self.writer = writer
        self.now = now
        self.log = log
        self.recovery = recovery
        self.openDuration = openDuration
        self.snapshotMark = Mutex(snapshotMark)
    }

    /// Opens the directory (creating it), takes the exclusive flock on <dir>/LOCK (throws .locked if another process holds it), recovers.
    public static func open(
        _ configuration: StoreConfiguration, now: @escaping @Sendable () -> Int64,
        log: @escaping @Sendable (_ level: String, _ message: String, _ fields: [String: String]) -> Void
    ) throws -> EventStore {
        let started = DispatchTime.now().uptimeNanoseconds
        let layout = LogLayout(root: configuration.directory)
        try makeDirectories(configuration.directory)
        try FileSystem.makeDirectory(layout.logDirectory)
        try FileSystem.makeDirectory(layout.snapshotDirectory)
        let lockDescriptor = try FileSystem.open(layout.lockPath, O_RDWR | O_CREAT)
        do {
            guard try FileSystem.tryLockExclusive(lockDescriptor, path: layout.lockPath) else {
                throw StoreError.locked(path: layout.lockPath)
            }
            try SnapshotFiles.removeTemporaryFiles(layout.snapshotDirectory)
            let snapshot = try SnapshotFiles.newestValid(layout.snapshotDirectory, log: log)
            let recovered = try Recovery.recover(
                layout: layout, repair: configuration.repair, snapshotSequence: snapshot?.sequence, now: now, log: log)
            let writer = try GroupCommitWriter(
                layout: layout, recovered: recovered, snapshotSequence: snapshot?.sequence ?? 0,
                policy: configuration.fsyncPolicy, segmentMaxBytes: configuration.segmentMaxBytes, now: now, log: log)
            if let snapshot {
                writer.shared.withLock { $0.statistics.lastSnapshotTimestampSeconds = Double(snapshot.timestampMillis) / 1000 }
            }
            writer.start()
            let duration = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            log("info", "event store opened", [
                "directory": configuration.directory, "segments": String(recovered.segments.count),
                "lastSequence": String(writer.shared.withLock { $0.lastSequence }),
                "snapshotSequence": snapshot.map { String($0.sequence) } ?? "none",
                "fsyncPolicy": configuration.fsyncPolicy.rawValue, "seconds": String(format: "%.3f", duration),
            ])
            return EventStore(
                configuration: configuration, layout: layout, lockDescriptor: lockDescriptor, writer: writer,
                now: now, log: log, recovery: recovered.report, openDuration: duration,
                snapshotMark: (snapshot?.sequence ?? 0, snapshot?.timestampMillis ?? now()))
        } catch {
            FileSystem.close(lockDescriptor)
            throw error
        }
    }

    /// mkdir -p, each missing level made with the wrapped mkdir.
    private static func makeDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            try FileSystem.makeDirectory(current)
        }
    }

    /// The newest valid snapshot (nil if none). Call after open, before replay.
    public func latestSnapshot() throws -> Snapshot? {
        try SnapshotFiles.newestValid(layout.snapshotDirectory, log: log)
    }

    /// Streams every record with sequence > `after`, oldest first, in large-block reads; calls body for each. Returns the RecoveryReport.
    public func replay(after sequence: UInt64, _ body: (StoredRecord) throws -> Void) throws -> RecoveryReport {
        let started = DispatchTime.now().uptimeNanoseconds
        let (segments, last) = writer.shared.withLock { ($0.segments, $0.lastSequence) }
        var report = recovery
        report.recordsReplayed = try LogReader.replay(layout: layout, segments: segments, lastSequence: last, after: sequence, body)
        report.segments = segments.count
        report.durationSeconds = openDuration + Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return report
    }

    /// Appends records atomically as one batch (all or none), assigns sequence numbers, and calls completion on the writer thread after the durability the policy promises (always: after fdatasync).
    /// Invalid records, a closed store or a read-only store fail at once on the calling thread.
    public func append(_ records: [NewRecord], completion: @escaping @Sendable (Result<[StoredRecord], StoreError>) -> Void) {
        if records.isEmpty {
            completion(.success([]))
            return
        }
        for record in records {
            if let problem = RecordFormat.problem(with: record) {
                completion(.failure(.invalidRecord(problem)))
                return
            }
        }
        writer.enqueue(PendingAppend(records: records, completion: completion))
    }

    /// Reads one record back by position (for the audit trail: the caller keeps an index of positions).
    public func read(at position: RecordPosition) throws -> StoredRecord {
        try LogReader.read(layout: layout, at: position)
    }

    /// Writes a snapshot of the caller's state as of `sequence` (tmp file, fsync, rename, fsync dir); prunes older snapshots (keep 2) and, if configured, segments fully covered.
    public func writeSnapshot(sequence: UInt64, payload: [UInt8]) throws {
        try snapshotWriting.withLock { _ in try writeSnapshotSerialized(sequence: sequence, payload: payload) }
    }

    private func writeSnapshotSerialized(sequence: UInt64, payload: [UInt8]) throws {
        guard !isClosed.withLock({ $0 }) else { throw StoreError.closed }
        let last = lastSequence
        guard sequence <= last else {
            throw StoreError.invalidRecord("snapshot sequence \(sequence) is past the last record \(last)")
        }
        let snapshot = Snapshot(sequence: sequence, timestampMillis: now(), payload: payload)
        try SnapshotFiles.write(snapshot, directory: layout.snapshotDirectory)
        snapshotMark.withLock { $0 = (snapshot.sequence, snapshot.timestampMillis) }
        writer.shared.withLock { $0.statistics.lastSnapshotTimestampSeconds = Double(snapshot.timestampMillis) / 1000 }
        log("info", "snapshot written", ["sequence": String(sequence), "bytes": String(payload.count)])
        try SnapshotFiles.prune(layout.snapshotDirectory)
        if configuration.deleteSegmentsCoveredBySnapshot {
            try deleteSegments(coveredThrough: sequence)
        }
    }

    /// Deletes non-active segments whose last record is at or before `sequence`.
    private func deleteSegments(coveredThrough sequence: UInt64) throws {
        let doomed: [SegmentInfo] = writer.shared.withLock { state in
            let active = state.segments.count - 1
            var doomed: [SegmentInfo] = []
            var kept: [SegmentInfo] = []
            for (index, segment) in state.segments.enumerated() {
                if index < active && (segment.lastSequence ?? 0) <= sequence {
                    doomed.append(segment)
                } else {
                    kept.append(segment)
                }
            }
            state.segments = kept
            state.statistics.logBytes -= doomed.reduce(0) { $0 + $1.size }
            return doomed
        }
        guard !doomed.isEmpty else { return }
        for segment in doomed { try FileSystem.unlink(layout.segmentPath(segment.number)) }
        try FileSystem.syncDirectory(layout.logDirectory)
        log("info", "deleted segments covered by snapshot", [
            "sequence": String(sequence), "segments": String(doomed.count),
            "through": LogLayout.segmentName(doomed.last!.number),
        ])
    }

    /// True when snapshotEveryEvents/Seconds since the last snapshot have passed.
    public var shouldSnapshot: Bool {
        let mark = snapshotMark.withLock { $0 }
        let last = lastSequence
        guard last > mark.sequence else { return false }
        if configuration.snapshotEveryEvents > 0 && last - mark.sequence >= UInt64(configuration.snapshotEveryEvents) {
            return true
        }
        let elapsed = Double(now() - mark.timestampMillis) / 1000
        return configuration.snapshotEverySeconds > 0 && elapsed >= configuration.snapshotEverySeconds
    }

    /// Sequence of the last record written (durable under `always`); 0 for an empty log.
    public var lastSequence: UInt64 {
        writer.shared.withLock { $0.lastSequence }
    }

    /// A copy of the store's counters.
    public var statistics: StoreStatistics {
        writer.shared.withLock { $0.statistics }
    }

    /// Flushes, fsyncs, stops the writer thread, releases the lock.
    // Waits for the writer thread, so it must not be called from an append completion.
    public func close() {
        let wasOpen = isClosed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard wasOpen else { return }
        writer.close()
        // Closing the descriptor releases the flock.
        FileSystem.close(lockDescriptor)
    }

    deinit {
        close()
    }
}
