// Open-time log check, leveldb log_reader style, against the segment manifest. Segments a snapshot
// covers are compared with their manifest entry cheaply (they are never replayed); every other
// segment is read in full — or, when the caller replays right after opening, sealed ones are
// compared cheaply too and their lines checked by that replay (`DeferredLineCheck`). A torn tail (a last line without its newline) is cut with a warning.
// Damage the snapshot covers leaves the state intact: the store opens and reports it (the audit
// trail is incomplete). Damage the state needs, or at the end of the log (what came after it is
// unknowable), refuses the open naming the file, line and offset — or, with `repair`, its lines
// are set aside exactly and the sequence numbers lost are recorded. Nothing is dropped silently.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Callback type for the store's structured log.
typealias StoreLog = @Sendable (_ level: String, _ message: String, _ fields: [String: String]) -> Void

/// The checked log, ready for the writer to continue.
struct RecoveredLog {
    /// Present segments, oldest first; the last one is the active segment.
    var segments: [SegmentInfo]
    /// The highest sequence number the log has used (records, manifest, snapshot, recorded losses).
    var lastSequence: UInt64
    /// CRC-32C of the active segment's bytes when recovery had to compute it (after a repair);
    /// nil otherwise: the background pass computes it, so a restart never reads the segment twice.
    var activeChecksum: UInt32?
    /// Sealed segments whose ends matched the manifest but whose lines were left for the first
    /// replay to check (`StoreConfiguration.deferLineChecksToReplay`).
    var unchecked: [UInt32: SealedSegment] = [:]
    var report: RecoveryReport
}

enum Recovery {
    /// Checks the log; with `deferLines`, sealed segments the state needs whole (after the
    /// snapshot) are compared with the manifest like covered ones, their lines left to the replay.
    static func recover(
        layout: LogLayout, manifest: SegmentManifest, integrity: LogIntegrity, repair: Bool, snapshotSequence: UInt64?,
        deferLines: Bool = false, now: @Sendable () -> Int64, log: StoreLog
    ) throws -> RecoveredLog {
        var present = Set(try layout.segmentNumbers())
        if !manifest.state.isCreated {
            // First start, or a log written before the manifest existed.
            if present.isEmpty {
                try createSegment(layout, 1)
                present = [1]
            }
            try manifest.append([.created(firstSegment: present.min()!)])
        }
        let m = manifest.state
        let covered = snapshotSequence ?? 0
        let firstNumber = min(m.firstSegment, present.min() ?? m.firstSegment)
        let activeNumber = max((m.lastSealedNumber ?? 0) + 1, present.max() ?? 0, firstNumber)
        var continuity = Continuity(expected: firstNumber == 1 ? 1 : nil, isLost: m.isLost)
        var segments: [SegmentInfo] = []
        var entries: [ManifestEntry] = []
        var missing: [UInt32] = []
        var missingLost: [LostRecords] = []
        var activeChecksum: UInt32?
        var unchecked: [UInt32: SealedSegment] = [:]
        var report = RecoveryReport()
        report.snapshotSequence = snapshotSequence
        let holes = Dictionary(grouping: m.holes, by: \.segment).mapValues { Set($0.map(\.offset)) }

        for number in firstNumber...activeNumber {
            let path = layout.segmentPath(number)
            let isActive = number == activeNumber
            let sealed = m.sealed[number]
            if m.deleted[number] != nil {
                if present.contains(number) {
                    // A deletion a crash interrupted: the manifest already says it is gone.
                    try FileSystem.unlink(path)
                    try FileSystem.syncDirectory(layout.logDirectory)
                }
                continuity.skip(first: sealed?.first, last: sealed?.last, segment: number, path: path)
                continue
            }
            if !present.contains(number) {
                if m.missingAccepted.contains(number) && !isActive {
                    continuity.skip(first: sealed?.first, last: sealed?.last, segment: number, path: path)
                    continue
                }
                if !repair, !isActive, let sealed, (sealed.last ?? 0) <= covered, covered > 0 {
                    integrity.markSegment(number, reason: "the segment is missing", sequences: sealed.range)
                    continuity.skip(first: sealed.first, last: sealed.last, segment: number, path: path)
                    continue
                }
                guard repair else {
                    throw StoreError.damaged(
                        file: path, reason: missingReason(number: number, isActive: isActive, sealed: sealed, manifest: m, covered: covered))
                }
                missing.append(number)
                if !isActive {
                    if let range = sealed?.range { missingLost.append(LostRecords(sequences: range, streams: [], quarantine: nil)) }
                    continuity.skip(first: sealed?.first, last: sealed?.last, segment: number, path: path)
                    continue
                }
                try createSegment(layout, number)
                log("error", "repair: the newest segment was missing; made an empty one", ["file": path])
            }
            if !repair, !isActive, let sealed, covered > 0, (sealed.last ?? 0) <= covered {
                // Covered by the snapshot: never replayed, so compared with the manifest cheaply.
                if let mismatch = try SegmentCheck.quickMismatch(path: path, sealed: sealed) {
                    integrity.markSegment(number, reason: mismatch, sequences: sealed.range)
                }
                continuity.skip(first: sealed.first, last: sealed.last, segment: number, path: path)
                segments.append(SegmentInfo(number: number, firstSequence: sealed.first, lastSequence: sealed.last, size: sealed.length))
                continue
            }
            if !repair, !isActive, sealed == nil, covered > 0, let legacy = try legacyCovered(path: path, number: number, covered: covered) {
                // Written before the manifest existed and covered: sealed now from its two ends;
                // the background pass records its checksum.
                continuity.skip(first: legacy.first, last: legacy.last, segment: number, path: path)
                entries.append(.sealed(legacy))
                segments.append(SegmentInfo(number: number, firstSequence: legacy.first, lastSequence: legacy.last, size: legacy.length))
                continue
            }
            if deferLines, !repair, !isActive, let sealed, let first = sealed.first, first > covered, holes[number] == nil,
                try SegmentCheck.quickMismatch(path: path, sealed: sealed) == nil
            {
                // Read whole by the replay anyway, which checks every line (`DeferredLineCheck`): one pass, not two.
                continuity.skip(first: sealed.first, last: sealed.last, segment: number, path: path)
                segments.append(SegmentInfo(number: number, firstSequence: sealed.first, lastSequence: sealed.last, size: sealed.length))
                unchecked[number] = sealed
                continue
            }
            let scanned = try SegmentScan.scan(
                number: number, path: path, isActive: isActive, computeChecksum: !isActive && sealed == nil,
                holes: holes[number] ?? [], continuity: &continuity, log: log)
            if let cut = scanned.truncatedAt { report.truncatedTail = (file: path, offset: cut) }
            segments.append(scanned.info)
            if !isActive && sealed == nil {
                // A crash between creating the next segment and recording this one: seal it now.
                entries.append(
                    .sealed(
                        SealedSegment(
                            number: number, length: scanned.info.size, first: scanned.info.firstSequence,
                            last: scanned.info.lastSequence, checksum: scanned.checksum)))
            }
        }
        let active = segments.last!
        let knownLast = max(m.sealed.values.compactMap(\.last).max() ?? 0, covered, m.lost.map(\.sequences.upperBound).max() ?? 0)
        continuity.finish(knownLast: knownLast, file: layout.segmentPath(active.number), segment: active.number, endOffset: active.size)

        func isCovered(_ finding: Finding) -> Bool {
            !finding.isAtEnd && covered > 0 && (finding.lost?.upperBound ?? finding.after) <= covered
        }
        if !unchecked.isEmpty, continuity.findings.contains(where: { !isCovered($0) }) {
            // Damage found while some lines were left unread: the full check names the first of
            // it, exactly as a start without the deferral does (nothing was marked or written yet).
            return try recover(
                layout: layout, manifest: manifest, integrity: integrity, repair: repair, snapshotSequence: snapshotSequence,
                now: now, log: log)
        }
        var setAside: [DamagedLine] = []
        var lost: [LostRecords] = missingLost
        for finding in continuity.findings {
            if repair {
                setAside += finding.lines
                if let range = finding.lost {
                    let streams = Array(Set(finding.lines.compactMap(\.stream))).sorted()
                    // "" stands for the quarantine file, named once it is made.
                    lost.append(LostRecords(sequences: range, streams: streams, quarantine: finding.lines.isEmpty ? nil : ""))
                }
                continue
            }
            guard isCovered(finding) else { throw error(for: finding) }
            if finding.lines.isEmpty, let range = finding.lost {
                integrity.markGap(segment: finding.segment, reason: finding.reason, sequences: range)
            }
            for line in finding.lines {
                integrity.markLine(segment: line.segment, offset: line.offset, reason: line.reason, sequences: finding.lost)
            }
        }
        if repair, !setAside.isEmpty || !lost.isEmpty || !missing.isEmpty {
            var made: [Hole] = []
            var quarantine: String?
            if !setAside.isEmpty {
                let file = layout.quarantinePath(timestampMillis: now())
                made = try Quarantine.setAside(setAside, into: file, logDirectory: layout.logDirectory)
                quarantine = file
                let name = (file as NSString).lastPathComponent
                for index in lost.indices where lost[index].quarantine == "" { lost[index].quarantine = name }
            }
            // Blanked lines change a segment's bytes: record its new checksum.
            for number in Set(made.map(\.segment)) {
                guard let index = segments.firstIndex(where: { $0.number == number }) else { continue }
                let info = segments[index]
                let checksum = try SegmentCheck.checksum(path: layout.segmentPath(number), length: info.size) ?? 0
                if number == active.number {
                    activeChecksum = checksum
                } else {
                    entries.append(
                        .sealed(
                            SealedSegment(
                                number: number, length: info.size, first: info.firstSequence,
                                last: info.lastSequence, checksum: checksum)))
                }
            }
            entries.append(.repaired(lost: lost, holes: made, missingSegments: missing))
            let ranges = lost.map(\.sequences)
            log(
                "error", "repair set damaged records aside",
                [
                    "quarantine": quarantine ?? "none", "records": String(setAside.count),
                    "lostSequences": ranges.isEmpty ? "none" : describe(ranges),
                    "missingSegments": missing.map(LogLayout.segmentName).joined(separator: ","),
                ])
            report.quarantined = quarantine.map { (file: $0, records: setAside.count) }
            report.lostSequences = ranges
        }
        try manifest.append(entries)
        report.segments = segments.count
        let lastSequence = max((continuity.expected ?? 1) - 1, knownLast, lost.map(\.sequences.upperBound).max() ?? 0)
        return RecoveredLog(
            segments: segments, lastSequence: lastSequence, activeChecksum: activeChecksum, unchecked: unchecked, report: report)
    }

    /// The error that refuses the open for a finding.
    static func error(for finding: Finding) -> StoreError {
        if finding.lines.isEmpty && finding.isAtEnd {
            return .damaged(file: finding.file, reason: finding.reason)
        }
        return .corruption(file: finding.file, line: finding.line, offset: finding.offset, reason: finding.reason)
    }

    private static func missingReason(number: UInt32, isActive: Bool, sealed: SealedSegment?, manifest: ManifestState, covered: UInt64) -> String {
        if isActive {
            let previous = manifest.sealed.values.compactMap(\.last).max()
            var reason = "the newest segment is missing"
            if let previous { reason += "; the log before it ends at sequence \(previous)" }
            if covered > (previous ?? 0) { reason += ", while the snapshot covers sequence \(covered)" }
            return reason + "; acknowledged records after that may be lost"
        }
        if let range = sealed?.range { return "the segment is missing (it held sequences \(range.text), which the state needs)" }
        return "the segment is missing"
    }

    /// A pre-manifest segment wholly at or before `covered`, sealed from its ends (nil otherwise).
    private static func legacyCovered(path: String, number: UInt32, covered: UInt64) throws -> SealedSegment? {
        let descriptor = try FileSystem.open(path, O_RDONLY)
        defer { FileSystem.close(descriptor) }
        let size = try FileSystem.size(descriptor, path: path)
        let (first, last) = try SegmentCheck.boundaries(descriptor: descriptor, path: path, size: size)
        guard case .record(let firstSequence) = first, case .record(let lastSequence) = last, lastSequence <= covered else { return nil }
        return SealedSegment(number: number, length: size, first: firstSequence, last: lastSequence, checksum: nil)
    }

    private static func createSegment(_ layout: LogLayout, _ number: UInt32) throws {
        let descriptor = try FileSystem.open(layout.segmentPath(number), O_RDWR | O_CREAT)
        FileSystem.close(descriptor)
        try FileSystem.syncDirectory(layout.logDirectory)
    }
}

extension SealedSegment {
    /// The sequence numbers the segment held, if any.
    var range: ClosedRange<UInt64>? {
        guard let first, let last, first <= last else { return nil }
        return first...last
    }
}
