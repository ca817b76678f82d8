// The full check of segments recovery must read: every line parsed and checksummed, sequence
// numbers followed across segments. What does not fit becomes a Finding: the damaged lines, the
// sequence numbers lost (from the valid records on either side, so a repair can say exactly
// which), and where to point an operator. Recovery decides what each finding means.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A line that is not a valid record where one was due.
struct DamagedLine {
    var segment: UInt32
    var path: String
    var number: Int
    var offset: UInt64
    /// Bytes including the newline.
    var length: UInt64
    var reason: String
    /// What could still be read from it.
    var sequence: UInt64?
    var stream: String?
}

/// A place where the log is not what it should be.
struct Finding {
    /// Lines to set aside (none for a plain gap).
    var lines: [DamagedLine]
    /// Sequence numbers gone (nil when a line is extra, e.g. a duplicate).
    var lost: ClosedRange<UInt64>?
    /// Where to point: file, 1-based line, byte offset, reason.
    var file: String
    var segment: UInt32
    var line: Int
    var offset: UInt64
    var reason: String
    /// Nothing valid follows: records acknowledged after it may be gone too.
    var isAtEnd: Bool
    /// The sequence of the last valid record before it (0 if none).
    var after: UInt64
}

/// Follows sequence numbers across the whole log.
struct Continuity {
    /// The next sequence due (nil while unknown: before the first record of a pruned log).
    var expected: UInt64?
    var pending: [DamagedLine] = []
    var findings: [Finding] = []
    /// Recorded losses (manifest) that a gap may match.
    let isLost: (ClosedRange<UInt64>) -> Bool

    /// A valid record; returns false when it is out of order (then it was noted as a damaged line).
    /// `line` is only called when the record does not simply follow the one before.
    mutating func record(_ sequence: UInt64, line: () -> DamagedLine) -> Bool {
        if let due = expected, sequence == due, pending.isEmpty {
            expected = sequence + 1
            return true
        }
        if let due = expected, sequence < due {
            var extra = line()
            extra.reason = "sequence \(sequence) where \(due) was expected"
            extra.sequence = sequence
            pending.append(extra)
            return false
        }
        resolve(nextValid: sequence, at: line())
        expected = sequence + 1
        return true
    }

    /// A segment checked without reading it: its first and last record are taken as read.
    mutating func skip(first: UInt64?, last: UInt64?, segment: UInt32, path: String) {
        guard let first, let last else { return }
        resolve(nextValid: first, at: DamagedLine(segment: segment, path: path, number: 1, offset: 0, length: 0, reason: ""))
        expected = last + 1
    }

    /// A line that does not parse.
    mutating func damaged(_ line: DamagedLine) {
        pending.append(line)
    }

    /// The end of the log: damage left pending, or records known to have existed (the manifest,
    /// a snapshot) that the log no longer reaches.
    mutating func finish(knownLast: UInt64, file: String, segment: UInt32, endOffset: UInt64) {
        if let first = pending.first {
            let due = expected ?? (first.sequence ?? 1)
            let salvaged = pending.compactMap(\.sequence).filter { $0 >= due }.max() ?? 0
            let upper = max(due + UInt64(pending.count) - 1, salvaged, knownLast)
            findings.append(
                Finding(
                    lines: pending, lost: due...upper, file: first.path, segment: first.segment, line: first.number,
                    offset: first.offset, reason: first.reason, isAtEnd: true, after: due - 1))
            pending = []
            expected = upper + 1
            return
        }
        // An unknown start (a pruned log from before the manifest) has no end to check against.
        guard let due = expected, knownLast >= due, !isLost(due...knownLast) else { return }
        findings.append(
            Finding(
                lines: [], lost: due...knownLast, file: file, segment: segment, line: 0, offset: endOffset,
                reason: "the log ends at sequence \(due - 1), but sequence \(knownLast) was written (manifest or snapshot)",
                isAtEnd: true, after: due - 1))
        expected = knownLast + 1
    }

    private mutating func resolve(nextValid sequence: UInt64, at line: DamagedLine) {
        let due = expected
        let lost: ClosedRange<UInt64>? = due.flatMap { sequence > $0 ? $0...(sequence - 1) : nil }
        if let first = pending.first {
            findings.append(
                Finding(
                    lines: pending, lost: lost, file: first.path, segment: first.segment, line: first.number,
                    offset: first.offset, reason: first.reason, isAtEnd: false, after: (due ?? 1) - 1))
            pending = []
        } else if let lost, !isLost(lost) {
            findings.append(
                Finding(
                    lines: [], lost: lost, file: line.path, segment: line.segment, line: line.number, offset: line.offset,
                    reason: "sequence \(sequence) where \(lost.lowerBound) was expected", isAtEnd: false,
                    after: lost.lowerBound - 1))
        }
    }
}

enum SegmentScan {
    /// What a full scan of one segment found.
    struct Result {
        var info: SegmentInfo
        /// CRC-32C of the bytes kept (when asked for).
        var checksum: UInt32
        /// Offset a torn tail was cut at (active segment only).
        var truncatedAt: UInt64?
    }

    /// Reads every line of a segment, feeding `continuity`; cuts a torn tail if `isActive`.
    /// Lines at `holes` (a repair that stopped before blanking them) are blanked now.
    static func scan(
        number: UInt32, path: String, isActive: Bool, computeChecksum: Bool, holes: Set<UInt64>,
        continuity: inout Continuity, log: StoreLog
    ) throws -> Result {
        let descriptor = try FileSystem.open(path, O_RDWR)
        defer { FileSystem.close(descriptor) }
        let size = try FileSystem.size(descriptor, path: path)
        var info = SegmentInfo(number: number, size: size)
        var checksum: UInt32 = 0
        var blanked = false
        let outcome = try LineScanner.scan(descriptor: descriptor, path: path, limit: size) { line, offset, lineNumber in
            if computeChecksum {
                // The scanner's buffer holds the line's newline right after it: one call covers both.
                checksum = CRC32C.checksum(UnsafeRawBufferPointer(start: line.baseAddress!, count: line.count + 1), continuing: checksum)
            }
            if RecordFormat.isHole(line) { return .next }
            func here() -> DamagedLine {
                DamagedLine(segment: number, path: path, number: lineNumber, offset: offset, length: UInt64(line.count + 1), reason: "")
            }
            switch RecordFormat.parse(line) {
            case .record(let fields):
                if continuity.record(fields.sequence, line: here) {
                    if info.firstSequence == nil { info.firstSequence = fields.sequence }
                    info.lastSequence = fields.sequence
                }
            case .invalid(let reason):
                if holes.contains(offset) {
                    try RecordFormat.blank(descriptor: descriptor, path: path, offset: offset, length: UInt64(line.count + 1))
                    blanked = true
                    return .next
                }
                let salvaged = RecordFormat.salvage(line)
                var damaged = here()
                damaged.reason = reason
                damaged.sequence = salvaged.sequence
                damaged.stream = salvaged.stream
                continuity.damaged(damaged)
            }
            return .next
        }
        if blanked { try FileSystem.fsync(descriptor, path: path) }
        var truncatedAt: UInt64?
        if outcome.trailingBytes > 0 {
            if isActive {
                // The writer died mid-batch: the line was never acknowledged.
                try FileSystem.ftruncate(descriptor, outcome.endOfLines, path: path)
                try FileSystem.fsync(descriptor, path: path)
                log(
                    "warn", "truncated torn tail",
                    ["file": path, "offset": String(outcome.endOfLines), "reason": "line without a terminating newline"])
                truncatedAt = outcome.endOfLines
                info.size = outcome.endOfLines
            } else {
                // A sealed segment never ends mid-line: the rest of it is damage.
                continuity.damaged(
                    DamagedLine(
                        segment: number, path: path, number: outcome.lines + 1, offset: outcome.endOfLines,
                        length: outcome.trailingBytes, reason: "line without a terminating newline"))
                if computeChecksum { checksum = try tailChecksum(descriptor, path: path, from: outcome.endOfLines, to: size, continuing: checksum) }
            }
        }
        return Result(info: info, checksum: checksum, truncatedAt: truncatedAt)
    }

    private static func tailChecksum(_ descriptor: Int32, path: String, from: UInt64, to: UInt64, continuing crc: UInt32) throws -> UInt32 {
        var bytes = [UInt8](repeating: 0, count: Int(to - from))
        let got = try bytes.withUnsafeMutableBytes { try FileSystem.preadFully(descriptor, $0.baseAddress!, $0.count, at: from, path: path) }
        return CRC32C.checksum(Array(bytes[..<got]), continuing: crc)
    }
}
