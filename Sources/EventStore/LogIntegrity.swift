// The damage the store knows of while it runs: found at start-up (a covered segment missing or
// altered), by the background checksum pass, or when a read finds a record that is not what its
// position promised. Each is logged once at error level when first found.

import Synchronization

/// Damaged segments and lines, shared by readers, the verifier and `health`.
final class LogIntegrity: Sendable {
    private struct State {
        /// Whole segments that cannot be trusted (missing, wrong length, checksum mismatch).
        var segments: [UInt32: LogDamage] = [:]
        /// Single damaged lines: segment → line offset → damage.
        var lines: [UInt32: [UInt64: LogDamage]] = [:]
        /// Sequence gaps that are neither a line nor a segment (records deleted from a covered segment).
        var gaps: [LogDamage] = []
        var segmentsVerified = 0
        var segmentsToVerify = 0
    }

    private let state = Mutex(State())
    private let log: StoreLog

    init(log: @escaping StoreLog) {
        self.log = log
    }

    /// Records that a whole segment is damaged; logs it the first time.
    func markSegment(_ number: UInt32, reason: String, sequences: ClosedRange<UInt64>?) {
        let damage = LogDamage(file: LogLayout.segmentName(number), reason: reason, sequences: sequences, offset: nil)
        let isNew = state.withLock { state -> Bool in
            guard state.segments[number] == nil else { return false }
            state.segments[number] = damage
            return true
        }
        if isNew { report(damage) }
    }

    /// Records that one line is damaged; logs it the first time.
    func markLine(segment: UInt32, offset: UInt64, reason: String, sequences: ClosedRange<UInt64>?) {
        let damage = LogDamage(file: LogLayout.segmentName(segment), reason: reason, sequences: sequences, offset: offset)
        let isNew = state.withLock { state -> Bool in
            guard state.lines[segment]?[offset] == nil else { return false }
            state.lines[segment, default: [:]][offset] = damage
            return true
        }
        if isNew { report(damage) }
    }

    /// Records a sequence gap inside a segment that still reads (lines were removed).
    func markGap(segment: UInt32, reason: String, sequences: ClosedRange<UInt64>) {
        let damage = LogDamage(file: LogLayout.segmentName(segment), reason: reason, sequences: sequences, offset: nil)
        state.withLock { $0.gaps.append(damage) }
        report(damage)
    }

    /// The damage recorded for a whole segment, if any.
    func segmentDamage(_ number: UInt32) -> LogDamage? {
        state.withLock { $0.segments[number] }
    }

    /// The damage recorded for the line at `offset`, if any.
    func lineDamage(segment: UInt32, offset: UInt64) -> LogDamage? {
        state.withLock { $0.lines[segment]?[offset] }
    }

    /// Whether any line of the segment is known to be damaged (replay skips those lines).
    func damagedLineOffsets(_ segment: UInt32) -> Set<UInt64> {
        state.withLock { Set(($0.lines[segment] ?? [:]).keys) }
    }

    /// Every piece of damage, ordered by file then offset.
    var all: [LogDamage] {
        state.withLock { state in
            (Array(state.segments.values) + state.lines.values.flatMap(\.values) + state.gaps)
                .sorted { ($0.file, $0.offset ?? 0) < ($1.file, $1.offset ?? 0) }
        }
    }

    /// Number of segments with any damage (whole, a line, or a gap).
    var damagedSegmentCount: Int {
        state.withLock { state in
            Set(
                Array(state.segments.keys).map { LogLayout.segmentName($0) } + state.lines.keys.map { LogLayout.segmentName($0) }
                    + state.gaps.map(\.file)
            ).count
        }
    }

    /// Background verification progress.
    var verification: (verified: Int, total: Int) {
        state.withLock { ($0.segmentsVerified, $0.segmentsToVerify) }
    }

    func setSegmentsToVerify(_ count: Int) {
        state.withLock { $0.segmentsToVerify = count }
    }

    func countVerified() {
        state.withLock { $0.segmentsVerified += 1 }
    }

    private func report(_ damage: LogDamage) {
        var fields = ["file": damage.file, "reason": damage.reason]
        if let sequences = damage.sequences { fields["sequences"] = sequences.text }
        if let offset = damage.offset { fields["offset"] = String(offset) }
        log("error", "event log damaged: the audit trail is incomplete", fields)
    }
}
