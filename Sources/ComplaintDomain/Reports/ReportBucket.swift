import Foundation

/// The counters of one local day (of one estate, or of all), merged by adding.
///
/// Cohort counters describe the complaints received that day as they stand now; activity
/// counters (closed, escalations, upgrades, extensions, reminders, open balance) count events
/// that happened that day, whenever the complaint was received.
struct ReportBucket: Sendable {
    /// Offsets into `counts`.
    enum Offset {
        static let received = 0
        static let channel = 1  // 4
        static let category = channel + Channel.caseCount  // 5 + none
        static let severity = category + Department.caseCount + 1  // 3 + none
        static let nature = severity + Severity.caseCount + 1  // 3 + none
        static let status = nature + 4  // 10
        static let clocks = status + ComplaintStatus.caseCount  // 6 clocks × 5 states
        static let flags = clocks + 6 * 5  // one per ReportFacts.Flag
        static let reachedVisits = flags + ReportFacts.Flag.allCases.count
        static let satisfiedVisits = reachedVisits + 1
        // Activity, by event day.
        static let closed = satisfiedVisits + 1
        static let openDelta = closed + 1
        static let escalations = openDelta + 1  // 6
        static let upgrades = escalations + 6  // 3
        static let extensions = upgrades + 3
        static let reminders = extensions + 1
        static let count = reminders + 1
    }

    var counts = [Int](repeating: 0, count: Offset.count)
    /// Cohort complaints by building id × 8 + category index (5 = none).
    var matters: [Int64: Int] = [:]
    /// Seconds to first dispatch of the cohort, unordered.
    var dispatchSeconds: [Double] = []
    /// Seconds to the latest result of the cohort, unordered.
    var resolveSeconds: [Double] = []

    static func categoryIndex(_ category: Department?) -> Int { category?.ordinal ?? Department.caseCount }

    /// Adds (sign +1) or removes (sign −1) the cohort contribution of `f`.
    mutating func add(_ f: ReportFacts, building: Int32, sign: Int) {
        counts[Offset.received] += sign
        counts[Offset.channel + f.channel.ordinal] += sign
        let category = Self.categoryIndex(f.category)
        counts[Offset.category + category] += sign
        counts[Offset.severity + (f.severity?.ordinal ?? Severity.caseCount)] += sign
        counts[Offset.nature + (f.nature.map(Self.natureIndex) ?? 3)] += sign
        counts[Offset.status + f.status.ordinal] += sign
        for clock in 0..<6 {
            let state = f.clock(clock)
            if state != .none { counts[Offset.clocks + clock * 5 + Int(state.rawValue)] += sign }
        }
        for flag in ReportFacts.Flag.allCases where f.has(flag) { counts[Offset.flags + flag.rawValue] += sign }
        counts[Offset.reachedVisits] += sign * Int(f.reachedVisits)
        counts[Offset.satisfiedVisits] += sign * Int(f.satisfiedVisits)
        let key = Int64(building) * 8 + Int64(category)
        let matter = (matters[key] ?? 0) + sign
        matters[key] = matter == 0 ? nil : matter
    }

    /// Moves the durations when they changed; removal is a linear search, and rare (a second result).
    mutating func moveDurations(from old: ReportFacts?, to new: ReportFacts) {
        if old?.dispatchSeconds != new.dispatchSeconds {
            if let value = old?.dispatchSeconds { Self.remove(value, from: &dispatchSeconds) }
            if let value = new.dispatchSeconds { dispatchSeconds.append(value) }
        }
        if old?.resolveSeconds != new.resolveSeconds {
            if let value = old?.resolveSeconds { Self.remove(value, from: &resolveSeconds) }
            if let value = new.resolveSeconds { resolveSeconds.append(value) }
        }
    }

    private static func remove(_ value: Double, from values: inout [Double]) {
        guard let index = values.lastIndex(of: value) else { return }
        values.swapAt(index, values.count - 1)
        values.removeLast()
    }

    static func natureIndex(_ nature: Nature) -> Int {
        switch nature {
        case .dissatisfaction: return 0
        case .helpSeeking: return 1
        case .consulting: return 2
        }
    }

    /// Adds another bucket's counters (durations and matters included).
    mutating func merge(_ other: ReportBucket) {
        for i in 0..<Offset.count { counts[i] += other.counts[i] }
        for (key, value) in other.matters { matters[key, default: 0] += value }
        dispatchSeconds.append(contentsOf: other.dispatchSeconds)
        resolveSeconds.append(contentsOf: other.resolveSeconds)
    }
}

/// Deployment-wide gauges and counters for `/metrics`, kept in step with every event.
public struct ReportTotals: Sendable {
    /// Complaints by channel × (category or none) × (severity or none), as they stand now.
    var received = [Int](repeating: 0, count: Channel.caseCount * (Department.caseCount + 1) * (Severity.caseCount + 1))
    /// Complaints by status × (severity or none).
    var byStatusSeverity = [Int](repeating: 0, count: ComplaintStatus.caseCount * (Severity.caseCount + 1))
    /// Clocks by kind × state.
    var clockStates = [Int](repeating: 0, count: 6 * 5)
    /// Escalations fired, by clock ordinal.
    var escalations = [Int](repeating: 0, count: 6)
    /// Upgrades, by reason.
    var upgrades = [Int](repeating: 0, count: UpgradeReason.allCases.count)

    mutating func add(_ f: ReportFacts, sign: Int) {
        let category = ReportBucket.categoryIndex(f.category)
        let severity = f.severity?.ordinal ?? Severity.caseCount
        received[(f.channel.ordinal * (Department.caseCount + 1) + category) * (Severity.caseCount + 1) + severity] += sign
        byStatusSeverity[f.status.ordinal * (Severity.caseCount + 1) + severity] += sign
        for clock in 0..<6 {
            let state = f.clock(clock)
            if state != .none { clockStates[clock * 5 + Int(state.rawValue)] += sign }
        }
    }

    /// Complaints received, by channel, category ("none" when unset) and severity ("none").
    public func received(channel: Channel, category: Department?, severity: Severity?) -> Int {
        received[
            (channel.ordinal * (Department.caseCount + 1) + ReportBucket.categoryIndex(category)) * (Severity.caseCount + 1)
                + (severity?.ordinal ?? Severity.caseCount)]
    }

    /// Complaints received on `channel`: fixed at receipt, so it only ever grows.
    public func received(channel: Channel) -> Int {
        var total = 0
        for category in [nil] + Department.allCases.map(Optional.some) {
            for severity in [nil] + Severity.allCases.map(Optional.some) {
                total += received(channel: channel, category: category, severity: severity)
            }
        }
        return total
    }

    /// Complaints held now with `category` and `severity` (nil: not set yet); moves as they are assessed.
    public func count(category: Department?, severity: Severity?) -> Int {
        Channel.allCases.reduce(0) { $0 + received(channel: $1, category: category, severity: severity) }
    }

    /// Complaints in `status` with `severity` (nil: not assessed yet).
    public func count(status: ComplaintStatus, severity: Severity?) -> Int {
        byStatusSeverity[status.ordinal * (Severity.caseCount + 1) + (severity?.ordinal ?? Severity.caseCount)]
    }

    /// Open complaints whose `clock` was missed and escalated and is still unmet.
    public func overdue(_ clock: ClockKind) -> Int { clockStates[clock.ordinal * 5 + Int(ReportFacts.ClockState.overdue.rawValue)] }

    /// Escalations fired for `clock` since the log began.
    public func escalations(_ clock: ClockKind) -> Int { escalations[clock.ordinal] }

    /// Upgrades for `reason` since the log began.
    public func upgrades(_ reason: UpgradeReason) -> Int { upgrades[reason.ledgerIndex] }

    /// Open complaints owing a return visit (the 24-hour clock armed and unmet).
    public var returnVisitsDue: Int {
        let base = ClockKind.returnVisit.ordinal * 5
        return clockStates[base + Int(ReportFacts.ClockState.running.rawValue)] + clockStates[base + Int(ReportFacts.ClockState.overdue.rawValue)]
    }

    /// Of those, the ones whose clock was missed and escalated.
    public var returnVisitsOverdue: Int { overdue(.returnVisit) }
}

extension UpgradeReason {
    var ledgerIndex: Int {
        switch self {
        case .unresolved7Days: return 0
        case .incidentOwners: return 1
        case .staff: return 2
        }
    }
}

extension ReportTotals {
    /// All zero.
    public static var zero: ReportTotals { ReportTotals() }

    /// The counters as plain arrays, in a fixed order (for snapshots).
    public var parts: [[Int]] { [received, byStatusSeverity, clockStates, escalations, upgrades] }

    /// Totals from the arrays `parts` gave; nil when their shapes do not match this version.
    public init?(parts: [[Int]]) {
        let empty = ReportTotals()
        guard parts.count == 5, zip(parts, empty.parts).allSatisfy({ $0.count == $1.count }) else { return nil }
        self.init()
        received = parts[0]
        byStatusSeverity = parts[1]
        clockStates = parts[2]
        escalations = parts[3]
        upgrades = parts[4]
    }
}
