import Foundation

/// The daily or weekly figures of workflow.md §7, from the ledger (no scan of the complaints).
///
/// Cohort figures describe the complaints *received* in the period as they stand now; activity
/// figures (`closed`, `escalations`, `upgrades`, hotline `extensions` and `reminders`) count
/// events that *happened* in the period; `openAtEnd` counts every complaint received before the
/// end whose status was still open (`ComplaintStatus.isOpen`) at the end.
public struct PeriodReport: Sendable, Hashable {
    /// A name and a count, in a stable order.
    public struct Count: Sendable, Hashable {
        public var name: String
        public var count: Int
    }

    /// A count of cohort complaints in one building, optionally for one category.
    public struct Matter: Sendable, Hashable {
        public var estate: String
        public var building: String
        public var category: String?
        public var count: Int
    }

    /// Median and 90th percentile (nearest rank) of durations in seconds.
    public struct Durations: Sendable, Hashable {
        public var count = 0
        public var median: Double?
        public var p90: Double?
    }

    /// A numerator, a denominator and their quotient (nil when the denominator is 0).
    public struct Ratio: Sendable, Hashable {
        public var numerator: Int
        public var denominator: Int
        public var rate: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }
    }

    public var period: ReportPeriod
    public var from: Date
    public var to: Date
    public var estate: String?
    /// The estates the figures cover when the reader's scope limits them (nil: not limited).
    public var estates: [String]?
    public var received = 0
    public var byChannel: [Count] = []
    public var byCategory: [Count] = []
    public var bySeverity: [Count] = []
    public var byNature: [Count] = []
    public var byStatus: [Count] = []
    /// Cohort complaints per building, most first (ties by estate and building).
    public var byBuilding: [Matter] = []
    /// Closings that happened in the period.
    public var closed = 0
    /// Complaints open at the end of the period.
    public var openAtEnd = 0
    /// Each clock's record over the cohort, in `ClockKind` order.
    public var clocks: [(kind: ClockKind, tally: ClockTally)] = []
    public var timeToDispatch = Durations()
    public var timeToResolve = Durations()
    /// Return visits made ÷ due (target 100 %).
    public var returnVisit = Ratio(numerator: 0, denominator: 0)
    /// Reached return visits with the owner solved and satisfied ÷ reached return visits.
    public var satisfaction = Ratio(numerator: 0, denominator: 0)
    /// Complaints sent back at least once ÷ complaints with a result.
    public var reprocessing = Ratio(numerator: 0, denominator: 0)
    /// Complaints repeating one at the same unit and category within the repeat window.
    public var repeated = 0
    /// Escalations fired in the period, by clock.
    public var escalations: [Count] = []
    /// Upgrades made in the period, by reason.
    public var upgrades: [Count] = []
    /// The ten most frequent building × category pairs of the cohort.
    public var topMatters: [Matter] = []
    /// 按期办结率: results reported by the resolution clock's due time ÷ results reported.
    public var onTimeCompletion = Ratio(numerator: 0, denominator: 0)
    /// 解决率: complaints whose last return visit found them solved ÷ complaints evaluated on a visit.
    public var solved = Ratio(numerator: 0, denominator: 0)
    /// 重派率: complaints dispatched more than once ÷ complaints dispatched.
    public var redispatch = Ratio(numerator: 0, denominator: 0)
    /// 重复投诉率: repeated ÷ received.
    public var repeatRate: Ratio { Ratio(numerator: repeated, denominator: received) }
    /// 延期次数: deadline extensions granted in the period.
    public var extensions = 0
    /// 催办: owner reminders received in the period.
    public var reminders = 0
    /// Owners' confirmations (签字确认) of the cohort.
    public var confirmations = Confirmations()

    /// How many complaints of the cohort the owner confirmed (signed), how many of those the
    /// latest confirmation signed off (solved and satisfied), and how many were signed on paper.
    public struct Confirmations: Sendable, Hashable {
        /// Complaints the owner confirmed at least once.
        public var confirmed = 0
        /// Of those, the ones whose latest confirmation was solved and satisfied.
        public var signedOff = 0
        /// Of those, the ones whose latest confirmation was signed on the paper form.
        public var onPaper = 0
        /// Signed off ÷ confirmed.
        public var signOffRate: Ratio { Ratio(numerator: signedOff, denominator: confirmed) }
    }

    public static func == (lhs: PeriodReport, rhs: PeriodReport) -> Bool {
        lhs.period == rhs.period && lhs.from == rhs.from && lhs.to == rhs.to && lhs.estate == rhs.estate && lhs.estates == rhs.estates
            && lhs.received == rhs.received && lhs.byChannel == rhs.byChannel && lhs.byCategory == rhs.byCategory
            && lhs.bySeverity == rhs.bySeverity && lhs.byNature == rhs.byNature && lhs.byStatus == rhs.byStatus
            && lhs.byBuilding == rhs.byBuilding && lhs.closed == rhs.closed && lhs.openAtEnd == rhs.openAtEnd
            && lhs.clocks.map(\.kind) == rhs.clocks.map(\.kind) && lhs.clocks.map(\.tally) == rhs.clocks.map(\.tally)
            && lhs.timeToDispatch == rhs.timeToDispatch && lhs.timeToResolve == rhs.timeToResolve
            && lhs.returnVisit == rhs.returnVisit && lhs.satisfaction == rhs.satisfaction && lhs.reprocessing == rhs.reprocessing
            && lhs.repeated == rhs.repeated && lhs.escalations == rhs.escalations && lhs.upgrades == rhs.upgrades
            && lhs.topMatters == rhs.topMatters && lhs.onTimeCompletion == rhs.onTimeCompletion && lhs.solved == rhs.solved
            && lhs.redispatch == rhs.redispatch && lhs.extensions == rhs.extensions && lhs.reminders == rhs.reminders
            && lhs.confirmations == rhs.confirmations
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(period)
        hasher.combine(estate)
        hasher.combine(received)
    }

    /// Creates an empty report of `period`.
    public init(period: ReportPeriod, from: Date, to: Date, estate: String?) {
        self.period = period
        self.from = from
        self.to = to
        self.estate = estate
    }

    /// Median (mean of the middle two for an even count) and nearest-rank 90th percentile.
    public static func summarize(_ values: [Double]) -> Durations {
        guard !values.isEmpty else { return Durations() }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        let rank = Int((Double(sorted.count) * 0.9).rounded(.up))
        return Durations(count: sorted.count, median: median, p90: sorted[Swift.max(0, rank - 1)])
    }

    /// Sorts matters most first, then by estate, building and category.
    public static func ranked(_ matters: [Matter]) -> [Matter] {
        matters.sorted {
            if $0.count != $1.count { return $0.count > $1.count }
            if $0.estate != $1.estate { return $0.estate < $1.estate }
            if $0.building != $1.building { return $0.building < $1.building }
            return ($0.category ?? "~") < ($1.category ?? "~")
        }
    }
}
