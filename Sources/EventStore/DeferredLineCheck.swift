// Sealed segments whose lines the open left to the first replay (`StoreConfiguration.
// deferLineChecksToReplay`). The open compared them with the manifest (length, first and last
// record) and followed sequence numbers across their ends; the replay, which reads every line of
// them anyway, checks each line's checksum and the sequence numbers inside. When it finds
// anything wrong it re-reads those segments the way the open would have, so the error is the one
// the open would have thrown (same kind, file, line, offset and reason), never a different one.

import Synchronization

/// The unchecked segments, and the damage a replay found in them.
final class DeferredLineCheck: Sendable {
    private struct State {
        var unchecked: [UInt32: SealedSegment]
        var failure: StoreError?
    }

    private let state: Mutex<State>
    private let layout: LogLayout
    private let isLost: @Sendable (ClosedRange<UInt64>) -> Bool
    private let log: StoreLog

    init(unchecked: [UInt32: SealedSegment], layout: LogLayout, isLost: @escaping @Sendable (ClosedRange<UInt64>) -> Bool, log: @escaping StoreLog) {
        self.state = Mutex(State(unchecked: unchecked, failure: nil))
        self.layout = layout
        self.isLost = isLost
        self.log = log
    }

    /// The manifest entry of a segment whose lines are still to be checked, if it is one.
    func pending(_ segment: UInt32) -> SealedSegment? {
        state.withLock { $0.unchecked[segment] }
    }

    /// Whether any segment's lines are still to be checked (by the first replay).
    var hasPending: Bool { state.withLock { !$0.unchecked.isEmpty } }

    /// A replay read every line of the segment and found them sound.
    func markChecked(_ segment: UInt32) {
        state.withLock { _ = $0.unchecked.removeValue(forKey: segment) }
    }

    /// The error the open would have thrown, once a replay has found one.
    var failure: StoreError? { state.withLock { $0.failure } }

    /// The error the open's full check gives for the unchecked segments up to `segment` (the first
    /// damage in log order), remembered for `failure`; nil if their lines are sound after all.
    func diagnose(through segment: UInt32) throws -> StoreError? {
        let candidates = state.withLock { $0.unchecked.values.filter { $0.number <= segment }.sorted { $0.number < $1.number } }
        for sealed in candidates {
            if let error = try Self.fullCheck(sealed, path: layout.segmentPath(sealed.number), isLost: isLost, log: log) {
                state.withLock { $0.failure = $0.failure ?? error }
                return error
            }
        }
        return nil
    }

    /// What the open's scan of this one segment finds. The open followed sequence numbers to its
    /// first record without damage, so the scan starts there; every damage inside is past the
    /// snapshot (the segment starts after it), so the first is the error the open would throw.
    private static func fullCheck(_ sealed: SealedSegment, path: String, isLost: @escaping (ClosedRange<UInt64>) -> Bool, log: StoreLog) throws
        -> StoreError?
    {
        var continuity = Continuity(expected: sealed.first, isLost: isLost)
        _ = try SegmentScan.scan(
            number: sealed.number, path: path, isActive: false, computeChecksum: false, holes: [], continuity: &continuity, log: log)
        if let finding = continuity.findings.first { return Recovery.error(for: finding) }
        // Damage after the last good record becomes a finding at the next segment's first record:
        // with lines, its error names the first of them.
        if let line = continuity.pending.first {
            return .corruption(file: line.path, line: line.number, offset: line.offset, reason: line.reason)
        }
        return nil
    }
}
