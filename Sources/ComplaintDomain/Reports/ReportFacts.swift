import Foundation

/// What one complaint contributes to the report figures of the day it was received.
///
/// Captured before and after every event (from single fields, never a whole copy); the ledger
/// subtracts the old facts and adds the new ones, so the buckets always equal a fresh count.
struct ReportFacts: Equatable {
    var status: ComplaintStatus
    var channel: Channel
    var category: Department?
    var severity: Severity?
    var nature: Nature?
    /// Three bits per clock ordinal, each a `ClockState`.
    var clocks: UInt32 = 0
    /// Seconds from receipt to the first dispatch.
    var dispatchSeconds: Double?
    /// Seconds from receipt to the latest result.
    var resolveSeconds: Double?
    /// Bits of `Flag`.
    var flags: UInt16 = 0
    /// Return visits (not follow-ups) that reached the owner.
    var reachedVisits: Int32 = 0
    /// Of those, the ones where the owner was solved and satisfied.
    var satisfiedVisits: Int32 = 0

    /// Facts with no clock, duration, flag or visit yet.
    init(status: ComplaintStatus, channel: Channel, category: Department?, severity: Severity?, nature: Nature?) {
        self.status = status
        self.channel = channel
        self.category = category
        self.severity = severity
        self.nature = nature
    }

    /// How a clock stands for the report: met on time, met late, missed and escalated, running.
    enum ClockState: UInt32 {
        case none = 0
        case onTime, late, overdue, running
    }

    /// Yes/no facts, one bit each.
    enum Flag: Int, CaseIterable {
        case returnVisitDue, returnVisited, resolved, reprocessed, repeated, evaluated, solved
        case dispatched, redispatched, completed, completedOnTime
        // New flags go last: snapshots keep the bits of the earlier ones.
        /// The owner confirmed at least once; the latest confirmation was solved and satisfied; it was on paper.
        case confirmed, confirmedSignOff, confirmedOnPaper
    }

    func has(_ flag: Flag) -> Bool { flags & (1 << UInt16(flag.rawValue)) != 0 }
    mutating func set(_ flag: Flag, _ value: Bool) {
        if value { flags |= 1 << UInt16(flag.rawValue) } else { flags &= ~(1 << UInt16(flag.rawValue)) }
    }

    func clock(_ ordinal: Int) -> ClockState { ClockState(rawValue: (clocks >> UInt32(3 * ordinal)) & 7) ?? .none }

    /// Reads the facts of `complaint` (borrowed: never copied).
    init(_ complaint: borrowing Complaint) {
        status = complaint.status
        channel = complaint.channel
        category = complaint.category
        severity = complaint.severity
        nature = complaint.nature
        let receivedAt = complaint.receivedAt
        let closed = status == .closed
        var settle: Deadline?
        var returnVisit: Deadline?
        var clockBits: UInt32 = 0
        // The clocks, transitions and visits are read through their buffers in place: binding
        // them to locals retained and released each array once per event of a replay.
        complaint.deadlines.entries.withUnsafeBufferPointer { entries in
            for entry in entries {
                let d = entry.deadline
                let state: ClockState
                if let met = d.metAt {
                    state = met <= d.dueAt ? .onTime : .late
                } else if closed {
                    state = .none
                } else {
                    state = d.escalatedAt != nil ? .overdue : .running
                }
                clockBits |= state.rawValue << UInt32(3 * entry.kind.ordinal)
                if entry.kind == .resolve || (entry.kind == .majorSettle && settle == nil) { settle = d }
                if entry.kind == .returnVisit { returnVisit = d }
            }
        }
        clocks = clockBits
        if let visit = returnVisit {
            set(.returnVisitDue, true)
            set(.returnVisited, visit.metAt != nil)
        }
        // Only the time: reading the whole resolution copied (retained) each of its strings.
        let resolvedAt = complaint.resolvedAt
        if let resolvedAt {
            resolveSeconds = Self.wholeSeconds(from: receivedAt, to: resolvedAt)
            set(.resolved, true)
            // 按期办结: the resolution clock met by its (extended) due time; none armed counts as on time.
            if let settle {
                if let met = settle.metAt {
                    set(.completed, true)
                    set(.completedOnTime, met <= settle.dueAt)
                }
            } else {
                set(.completed, true)
                set(.completedOnTime, true)
            }
        }
        set(.reprocessed, complaint.reprocessCount > 0 && resolvedAt != nil)
        set(.repeated, complaint.repeatOf != nil)
        var dispatches = 0
        // By index, reading only the fields needed: iterating copied each element's strings.
        var firstDispatch: Date?
        complaint.transitions.withUnsafeBufferPointer { transitions in
            for index in transitions.indices where transitions[index].status == .dispatched {
                if dispatches == 0 { firstDispatch = transitions[index].at }
                dispatches += 1
            }
        }
        if let firstDispatch { dispatchSeconds = Self.wholeSeconds(from: receivedAt, to: firstDispatch) }
        set(.dispatched, dispatches > 0)
        set(.redispatched, dispatches > 1)
        var lastReachedSolved: Bool??
        var reached: Int32 = 0
        var satisfied: Int32 = 0
        complaint.visits.withUnsafeBufferPointer { visits in
            for index in visits.indices where visits[index].outcome == .reachable && !visits[index].isFollowUp {
                reached += 1
                if visits[index].solved == true && visits[index].satisfied == true { satisfied += 1 }
                lastReachedSolved = .some(visits[index].solved)
            }
        }
        reachedVisits = reached
        satisfiedVisits = satisfied
        if let lastReachedSolved {
            set(.evaluated, true)
            set(.solved, lastReachedSolved == true)
        }
        // The latest confirmation's two facts, read in place (a copy retained its strings).
        if let latest = complaint.extras.box?.latestConfirmationFacts {
            set(.confirmed, true)
            set(.confirmedSignOff, latest.signOff)
            set(.confirmedOnPaper, latest.onPaper)
        }
    }

    /// Whole seconds from `start` to `end` (never negative: a clock set back reads as zero).
    /// Durations are kept to the second: reports give them in seconds, and four bytes a complaint
    /// hold them.
    static func wholeSeconds(from start: Date, to end: Date) -> Double {
        let seconds = (end.timeIntervalSince(start)).rounded(.down)
        return seconds.isFinite ? Swift.min(Swift.max(0, seconds), Double(UInt32.max - 1)) : 0
    }
}
