// The store's public face: open (lock + recovery), replay, append, read,
// snapshots, statistics, close. The work is done by the files it names.

import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// An append-only log of typed records with group commit, crash recovery and snapshots.
public final class EventStore: Sendable {
    let configuration: StoreConfiguration
    let layout: LogLayout
    let lockDescriptor: Int32
    let writer: GroupCommitWriter
    let manifest: SegmentManifest
    let integrity: LogIntegrity
    let verifier: SegmentVerifier
    let deferred: DeferredLineCheck
    let now: @Sendable () -> Int64
    let log: StoreLog
    let recovery: RecoveryReport
    let openDuration: Double
    /// The newest snapshot whose header open checked (its checksum is verified as it is read;
    /// `discardSnapshot` moves this to the one before when that fails).
    let openedSnapshot: Mutex<SnapshotInfo?>
    /// Sequences of snapshots found unusable while read: never offered again by this store.
    let discardedSnapshots = Mutex<Set<UInt64>>([])
    /// Last snapshot's sequence and time (open time if none): the baseline for `shouldSnapshot`.
    let snapshotMark: Mutex<(sequence: UInt64, timestampMillis: Int64)>
    let isClosed = Mutex(false)
    /// Serializes writeSnapshot calls so pruning and segment deletion never interleave.
    let snapshotWriting = Mutex(())

    private init(
        configuration: StoreConfiguration, layout: LogLayout, lockDescriptor: Int32, writer: GroupCommitWriter,
        manifest: SegmentManifest, integrity: LogIntegrity, verifier: SegmentVerifier, deferred: DeferredLineCheck,
        now: @escaping @Sendable () -> Int64, log: @escaping StoreLog, recovery: RecoveryReport,
        openDuration: Double, snapshot: SnapshotInfo?, snapshotMark: (UInt64, Int64)
    ) {
        self.configuration = configuration
        self.layout = layout
        self.lockDescriptor = lockDescriptor
        self.writer = writer
        self.manifest = manifest
        self.integrity = integrity
        self.verifier = verifier
        self.deferred = deferred
        self.now = now
        self.log = log
        self.recovery = recovery
        self.openDuration = openDuration
        self.openedSnapshot = Mutex(snapshot)
        self.snapshotMark = Mutex(snapshotMark)
    }

    /// Opens the directory (creating it, owner-only), takes the exclusive flock on <dir>/LOCK (throws .locked if another process holds it), recovers.
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
            guard try lockWithGrace(lockDescriptor, path: layout.lockPath) else {
                throw StoreError.locked(path: layout.lockPath)
            }
            try DataPermissions.tighten(layout, log: log)
            try SnapshotFiles.removeTemporaryFiles(layout.snapshotDirectory)
            try FileSystem.unlink(layout.probePath)
            let snapshot = try SnapshotFiles.newestSound(layout.snapshotDirectory, log: log)
            let manifest = try SegmentManifest.open(
                path: layout.manifestPath, directory: layout.logDirectory,
                repair: configuration.repair, now: now, log: log)
            let integrity = LogIntegrity(log: log)
            let recovered = try Recovery.recover(
                layout: layout, manifest: manifest, integrity: integrity, repair: configuration.repair,
                snapshotSequence: snapshot?.sequence, deferLines: configuration.deferLineChecksToReplay, now: now, log: log)
            let writer = try GroupCommitWriter(
                layout: layout, recovered: recovered, policy: configuration.fsyncPolicy, segmentMaxBytes: configuration.segmentMaxBytes,
                retryInterval: configuration.writeRetrySeconds, manifest: manifest, now: now, log: log)
            if let snapshot {
                writer.shared.withLock { $0.statistics.lastSnapshotTimestampSeconds = Double(snapshot.timestampMillis) / 1000 }
            }
            writer.start()
            let lost = manifest.state
            let deferred = DeferredLineCheck(unchecked: recovered.unchecked, layout: layout, isLost: { lost.isLost($0) }, log: log)
            let verifier = SegmentVerifier(
                layout: layout, manifest: manifest, integrity: integrity, bytesPerSecond: configuration.verifyBytesPerSecond,
                awaitingReplay: { deferred.hasPending }, log: log)
            let sealed = manifest.state.sealed
            let toVerify = recovered.segments.dropLast().map(\.number).filter { sealed[$0] != nil && integrity.segmentDamage($0) == nil }
            let active = recovered.segments.last!
            let prefix = recovered.activeChecksum == nil && active.size > 0 ? (segment: active.number, length: active.size) : nil
            verifier.start(segments: configuration.verifyBytesPerSecond > 0 ? toVerify : [], activePrefix: prefix) {
                [writer] segment, length, checksum in
                writer.shared.withLock { $0.activePrefix = (segment, length, checksum) }
            }
            let duration = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            log(
                "info", "event store opened",
                [
                    "directory": configuration.directory, "segments": String(recovered.segments.count),
                    "lastSequence": String(writer.shared.withLock { $0.lastSequence }),
                    "snapshotSequence": snapshot.map { String($0.sequence) } ?? "none",
                    "damagedSegments": String(integrity.damagedSegmentCount),
                    "fsyncPolicy": configuration.fsyncPolicy.rawValue, "seconds": String(format: "%.3f", duration),
                ])
            return EventStore(
                configuration: configuration, layout: layout, lockDescriptor: lockDescriptor, writer: writer,
                manifest: manifest, integrity: integrity, verifier: verifier, deferred: deferred,
                now: now, log: log, recovery: recovered.report, openDuration: duration, snapshot: snapshot,
                snapshotMark: (snapshot?.sequence ?? 0, snapshot?.timestampMillis ?? now()))
        } catch {
            FileSystem.close(lockDescriptor)
            throw error
        }
    }

    /// Takes the lock, trying for up to half a second: a child process being spawned (between its
    /// fork and its exec) or a predecessor still exiting may hold the lock's open file description
    /// for a moment. A second live complaintd holds it for good and is refused all the same.
    private static func lockWithGrace(_ descriptor: Int32, path: String) throws -> Bool {
        for _ in 0..<25 {
            if try FileSystem.tryLockExclusive(descriptor, path: path) { return true }
            usleep(20_000)
        }
        return try FileSystem.tryLockExclusive(descriptor, path: path)
    }

    /// mkdir -p, each missing level made with the wrapped mkdir.
    private static func makeDirectories(_ path: String) throws {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            try FileSystem.makeDirectory(current)
        }
    }

    /// Streams every record with sequence > `after`, oldest first, in large-block reads; calls body for each. Returns the RecoveryReport.
    public func replay(after sequence: UInt64, _ body: (StoredRecord) throws -> Void) throws -> RecoveryReport {
        try replay(after: sequence) { record, payload in
            var record = record
            record.payload = Array(payload)
            try body(record)
        }
    }

    /// `replay(after:_:)` without a payload array per record: each record comes with an empty
    /// `payload`, its bytes lent beside it, valid only during the call (copy what you keep).
    public func replay(
        after sequence: UInt64, lendingPayloads body: (_ record: consuming StoredRecord, _ payload: UnsafeRawBufferPointer) throws -> Void
    ) throws -> RecoveryReport {
        let started = DispatchTime.now().uptimeNanoseconds
        let (segments, last) = writer.shared.withLock { ($0.segments, $0.lastSequence) }
        var report = recovery
        // A closure over the state, not the method taken from it: with `lost.isLost` the
        // specialized replay copied the whole manifest state for every line (2 % of its thread).
        let lost = manifest.state
        report.recordsReplayed = try LogReader.replay(
            layout: layout, segments: segments, lastSequence: last, after: sequence,
            integrity: integrity, deferred: deferred, isLost: { lost.isLost($0) },
            cache: ReplayCacheRule(memory: configuration.cacheMemoryBytes), body)
        report.segments = segments.count
        report.durationSeconds = openDuration + Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return report
    }

    /// The error `open` would have thrown, found by a replay in lines it left to the replay
    /// (`StoreConfiguration.deferLineChecksToReplay`); nil while none was found.
    public var deferredCheckFailure: StoreError? { deferred.failure }

    /// Appends records atomically as one batch (all or none), assigns sequence numbers, and calls completion on the writer thread after the durability the policy promises (always: after fdatasync).
    /// Invalid records, a closed store or a read-only store fail at once on the calling thread.
    public func append(_ records: [NewRecord], completion: @escaping @Sendable (Result<[StoredRecord], StoreError>) -> Void) {
        guard !records.isEmpty else { return completion(.success([])) }
        do {
            try append(records: records, completion: completion)
        } catch let error as StoreError {
            completion(.failure(error))
        } catch {
            completion(.failure(.invalidRecord("\(error)")))
        }
    }

    /// Appends `records` as one batch: throws at once when the store refuses them (closed, writes
    /// refused after a failure, a malformed record), in which case `completion` never runs;
    /// otherwise `completion` runs once, on the writer thread, after the fsync the policy
    /// promises. A caller holding a lock may append under it: the completion never runs inside.
    public func append(records: [NewRecord], completion: @escaping @Sendable (Result<[StoredRecord], StoreError>) -> Void) throws {
        guard !records.isEmpty else { throw StoreError.invalidRecord("an append needs at least one record") }
        for record in records {
            if let problem = RecordFormat.problem(with: record) { throw StoreError.invalidRecord(problem) }
        }
        try writer.enqueueOrThrow(PendingAppend(records: records, completion: completion))
    }

    /// How often a writer suspended by a write failure probes the disk.
    public var writeRetrySeconds: Double { configuration.writeRetrySeconds }

    /// Whether writes are accepted, and what the audit trail is missing.
    public var health: StoreHealth {
        let (writeState, failure) = writer.shared.withLock { ($0.writeState, $0.failure) }
        let writes: StoreHealth.Writes
        switch writeState {
        case .accepting: writes = .accepted
        case .suspended(let since): writes = .suspended(reason: failure?.description ?? "write failed", sinceMillis: since)
        case .halted(let since): writes = .halted(reason: failure?.description ?? "write failed", sinceMillis: since)
        }
        let lost = manifest.state.lost.map { LostSequences(sequences: $0.sequences, streams: $0.streams, quarantine: $0.quarantine) }
        let verification = integrity.verification
        return StoreHealth(
            writes: writes, retryEverySeconds: configuration.writeRetrySeconds, damage: integrity.all, lost: lost,
            segmentsVerified: verification.verified, segmentsToVerify: verification.total)
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
        verifier.stop()
        writer.close()
        // Closing the descriptor releases the flock.
        FileSystem.close(lockDescriptor)
    }

    deinit {
        close()
    }
}
