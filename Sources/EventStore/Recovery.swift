// Open-time log check, leveldb log_reader style: verify every line the store may
// still need, cut a torn tail with a warning, refuse mid-log corruption (or, with
// `repair`, set it aside in a quarantine file). Nothing is dropped silently.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Callback type for the store's structured log.
typealias StoreLog = @Sendable (_ level: String, _ message: String, _ fields: [String: String]) -> Void

/// The checked log, ready for the writer to continue.
struct RecoveredLog {
    var segments: [SegmentInfo]
    /// Sequence of the last record in the log (0 if the log holds none).
    var lastSequence: UInt64
    var report: RecoveryReport
}

/// A line that failed, and whether a crash mid-write can explain it.
private struct BadLine {
    var number: Int
    var offset: UInt64
    var length: UInt64 // including the newline, 0 for an unterminated tail
    var reason: String
    var tearable: Bool
}

enum Recovery {
    /// Checks every segment not fully covered by `snapshotSequence`, fixing the tail.
    static func recover(
        layout: LogLayout, repair: Bool, snapshotSequence: UInt64?,
        now: @Sendable () -> Int64, log: StoreLog
    ) throws -> RecoveredLog {
        var numbers = try layout.segmentNumbers()
        if numbers.isEmpty {
            let descriptor = try FileSystem.open(layout.segmentPath(1), O_RDWR | O_CREAT)
            FileSystem.close(descriptor)
            try FileSystem.syncDirectory(layout.logDirectory)
            numbers = [1]
        }
        var report = RecoveryReport()
        report.snapshotSequence = snapshotSequence
        var segments: [SegmentInfo] = []
        var expected: UInt64?
        var index = 0
        while index < numbers.count {
            let number = numbers[index]
            let path = layout.segmentPath(number)
            let isLast = index == numbers.count - 1
            let descriptor = try FileSystem.open(path, O_RDWR)
            defer { FileSystem.close(descriptor) }
            let size = try FileSystem.size(descriptor, path: path)

            // A segment wholly before the snapshot is not needed again: read only its first line.
            if !isLast, let covered = snapshotSequence,
               let nextFirst = try firstSequence(of: layout.segmentPath(numbers[index + 1])), nextFirst <= covered + 1 {
                let first = try firstSequence(of: path)
                segments.append(SegmentInfo(number: number, firstSequence: first, lastSequence: first == nil ? nil : nextFirst - 1, size: size))
                expected = nextFirst
                index += 1
                continue
            }

            var info = SegmentInfo(number: number, size: size)
            var bad: BadLine?
            let outcome = try LineScanner.scan(descriptor: descriptor, path: path, limit: size) { line, offset, lineNumber in
                switch RecordFormat.parse(line) {
                case .invalid(let reason):
                    bad = BadLine(number: lineNumber, offset: offset, length: UInt64(line.count + 1), reason: reason, tearable: true)
                    return .stop
                case .record(let record):
                    if let expected, record.sequence != expected {
                        bad = BadLine(number: lineNumber, offset: offset, length: UInt64(line.count + 1),
                                      reason: "sequence \(record.sequence) where \(expected) was expected", tearable: false)
                        return .stop
                    }
                    if info.firstSequence == nil { info.firstSequence = record.sequence }
                    info.lastSequence = record.sequence
                    expected = record.sequence + 1
                    return .next
                }
            }
            if bad == nil, outcome.trailingBytes > 0 {
                bad = BadLine(number: outcome.lines + 1, offset: outcome.endOfLines, length: 0,
                              reason: "line without a terminating newline", tearable: true)
            }
            info.size = bad?.offset ?? size
            if let bad {
                let isFinalLine = bad.length == 0 || bad.offset + bad.length == size
                if isLast && isFinalLine && bad.tearable {
                    // The writer died mid-batch: the line was never acknowledged.
                    try FileSystem.ftruncate(descriptor, bad.offset, path: path)
                    try FileSystem.fsync(descriptor, path: path)
                    log("warn", "truncated torn tail", ["file": path, "offset": String(bad.offset), "reason": bad.reason])
                    report.truncatedTail = (file: path, offset: bad.offset)
                } else if repair {
                    let quarantine = layout.quarantinePath(timestampMillis: now())
                    let later = numbers[(index + 1)...].map(layout.segmentPath)
                    let records = try Quarantine.setAside(from: path, descriptor: descriptor, offset: bad.offset,
                                                          laterSegments: later, into: quarantine, logDirectory: layout.logDirectory)
                    log("error", "quarantined records after corruption", [
                        "file": path, "line": String(bad.number), "offset": String(bad.offset), "reason": bad.reason,
                        "quarantine": quarantine, "records": String(records),
                    ])
                    report.quarantined = (file: quarantine, records: records)
                    segments.append(info)
                    break
                } else {
                    throw StoreError.corruption(file: path, line: bad.number, offset: bad.offset, reason: bad.reason)
                }
            }
            segments.append(info)
            index += 1
        }
        report.segments = segments.count
        let lastSequence = segments.last(where: { $0.lastSequence != nil })?.lastSequence ?? 0
        return RecoveredLog(segments: segments, lastSequence: lastSequence, report: report)
    }

    /// The sequence of a segment's first record, nil if it has none or it does not parse.
    static func firstSequence(of path: String) throws -> UInt64? {
        let descriptor = try FileSystem.open(path, O_RDONLY)
        defer { FileSystem.close(descriptor) }
        let size = try FileSystem.size(descriptor, path: path)
        var first: UInt64?
        _ = try LineScanner.scan(descriptor: descriptor, path: path, limit: size, blockSize: 64 << 10) { line, _, _ in
            if case .record(let record) = RecordFormat.parse(line) { first = record.sequence }
            return .stop
        }
        return first
    }
}
