// Snapshots: the newest one found at open, streamed reads and writes, pruning, and the
// segments a snapshot lets go when configured to.

import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

extension EventStore {
    /// The newest valid snapshot, whole (nil if none). Call after open, before replay. A large
    /// state reads it with `readSnapshot` instead, which never holds the payload whole. One whose
    /// checksum fails is discarded for the one before.
    public func latestSnapshot() throws -> Snapshot? {
        var candidate = try latestSnapshotInfo()
        while let info = candidate {
            do {
                var payload: [UInt8] = []
                payload.reserveCapacity(Int(info.length))
                try SnapshotFiles.stream(info) { payload.append(contentsOf: $0) }
                return Snapshot(sequence: info.sequence, timestampMillis: info.timestampMillis, payload: payload)
            } catch let error as StoreError {
                if case .io(_, _, let code) = error, code != ENOENT { throw error }
                candidate = try discardSnapshot(info, reason: error.description)
            }
        }
        return nil
    }

    /// Where the newest snapshot is (nil if none): the one open found, its header checked. Its
    /// checksum is verified as `readSnapshot` streams it (the file is read once, not twice).
    public func latestSnapshotInfo() throws -> SnapshotInfo? {
        if let opened = openedSnapshot.withLock({ $0 }) { return opened }
        let discarded = discardedSnapshots.withLock { $0 }
        return try SnapshotFiles.newestSound(layout.snapshotDirectory, excluding: discarded, log: log)
    }

    /// Streams the payload of the snapshot `info` in blocks to `body`, then checks its checksum
    /// (a mismatch throws after the last block: discard what was built from it, and call
    /// `discardSnapshot`).
    public func readSnapshot(_ info: SnapshotInfo, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try SnapshotFiles.stream(info, body)
    }

    /// Records that the snapshot `info` cannot be used (its checksum failed while it was read, or
    /// the caller could not make sense of its payload) and returns the newest older one whose
    /// header is sound, nil if none: load that one instead, or replay the whole log. The file is
    /// kept for inspection, as a snapshot skipped at open is.
    public func discardSnapshot(_ info: SnapshotInfo, reason: String) throws -> SnapshotInfo? {
        log("warn", "skipping unusable snapshot", ["file": info.path, "error": reason])
        let discarded = discardedSnapshots.withLock { set -> Set<UInt64> in
            set.insert(info.sequence)
            return set
        }
        let older = try SnapshotFiles.newestSound(layout.snapshotDirectory, excluding: discarded, log: log)
        openedSnapshot.withLock { $0 = older }
        // `shouldSnapshot` counts from the snapshot actually used.
        snapshotMark.withLock { $0 = (older?.sequence ?? 0, older?.timestampMillis ?? now()) }
        writer.shared.withLock { $0.statistics.lastSnapshotTimestampSeconds = older.map { Double($0.timestampMillis) / 1000 } }
        return older
    }

    /// Writes a snapshot of the caller's state as of `sequence` (tmp file, fsync, rename, fsync dir); prunes older snapshots (keep 2) and, if configured, segments fully covered.
    public func writeSnapshot(sequence: UInt64, payload: [UInt8]) throws {
        try writeSnapshot(sequence: sequence) { emit in try emit(payload) }
    }

    /// Writes a snapshot as of `sequence` whose payload `produce` streams, piece by piece, to the
    /// function it is given; the payload is never held whole.
    public func writeSnapshot(sequence: UInt64, produce: (([UInt8]) throws -> Void) throws -> Void) throws {
        try snapshotWriting.withLock { _ in try writeSnapshotSerialized(sequence: sequence, produce: produce) }
    }

    private func writeSnapshotSerialized(sequence: UInt64, produce: (([UInt8]) throws -> Void) throws -> Void) throws {
        guard !isClosed.withLock({ $0 }) else { throw StoreError.closed }
        let last = lastSequence
        guard sequence <= last else {
            throw StoreError.invalidRecord("snapshot sequence \(sequence) is past the last record \(last)")
        }
        // Under `interval` and `never`, appended records may still be only in the page cache: a
        // snapshot must not cover records a power cut could take from the log.
        if configuration.fsyncPolicy != .always { try writer.sync() }
        let timestamp = now()
        let bytes = try SnapshotFiles.write(
            sequence: sequence, timestampMillis: timestamp, directory: layout.snapshotDirectory,
            produce: produce)
        snapshotMark.withLock { $0 = (sequence, timestamp) }
        writer.shared.withLock { $0.statistics.lastSnapshotTimestampSeconds = Double(timestamp) / 1000 }
        log("info", "snapshot written", ["sequence": String(sequence), "bytes": String(bytes)])
        try SnapshotFiles.prune(layout.snapshotDirectory)
        if configuration.deleteSegmentsCoveredBySnapshot {
            try deleteSegments(coveredThrough: sequence)
        }
    }

    /// Deletes non-active segments whose last record is at or before `sequence`.
    private func deleteSegments(coveredThrough sequence: UInt64) throws {
        let doomed: [SegmentInfo] = writer.shared.withLock { state in
            state.segments.dropLast().filter { ($0.lastSequence ?? 0) <= sequence }
        }
        guard !doomed.isEmpty else { return }
        // Recorded first: a segment gone without a manifest entry is damage, never a deletion.
        // The entry keeps its sequence range, so the log's numbering stays accounted for.
        let sealed = manifest.state.sealed
        try manifest.append(
            doomed.flatMap { segment -> [ManifestEntry] in
                let seal: [ManifestEntry] =
                    sealed[segment.number] != nil
                    ? []
                    : [
                        .sealed(
                            SealedSegment(
                                number: segment.number, length: segment.size, first: segment.firstSequence, last: segment.lastSequence, checksum: nil)
                        )
                    ]
                return seal + [.deleted(segment: segment.number, snapshot: sequence)]
            })
        let numbers = Set(doomed.map(\.number))
        writer.shared.withLock { state in
            state.segments.removeAll { numbers.contains($0.number) }
            state.statistics.logBytes -= doomed.reduce(0) { $0 + $1.size }
        }
        for segment in doomed { try FileSystem.unlink(layout.segmentPath(segment.number)) }
        try FileSystem.syncDirectory(layout.logDirectory)
        log(
            "info", "deleted segments covered by snapshot",
            [
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
}
