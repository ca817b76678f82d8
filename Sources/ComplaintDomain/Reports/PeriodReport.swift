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

extension ComplaintBook {
    /// The report of `period`, optionally for one estate, from the incrementally kept ledger.
    ///
    /// An estate-scoped reader gets the figures of their estates only; an estate outside the
    /// scope reads like an unknown one (all zero). Department scopes are not applied here: the
    /// ledger keeps no per-department figures, so the service refuses reports to those roles.
    public func periodReport(_ period: ReportPeriod, estate: String? = nil, within scope: AccessScope = .unrestricted) -> PeriodReport {
        guard let scoped = scope.estates else { return ledger.report(period, estate: estate) }
        if let estate { return ledger.report(period, estate: estate, estates: scoped.contains(estate) ? [estate] : []) }
        var report = ledger.report(period, estate: nil, estates: scoped.sorted())
        report.estates = scoped.sorted()
        return report
    }

    /// Deployment-wide totals for `/metrics`.
    public var reportTotals: ReportTotals { ledger.totals }
}

extension ReportLedger {
    /// Builds the report of `period` for `estate` (nil: all) by merging its day buckets, or
    /// those of `estates` when given (the estates a scoped reader may see).
    public func report(_ period: ReportPeriod, estate: String?, estates: [String]? = nil) -> PeriodReport {
        var report = PeriodReport(period: period, from: period.from(in: timeZone), to: period.to(in: timeZone), estate: estate)
        let (bucket, openAtEnd) = merged(days: period.days, estates: estates ?? estate.map { [$0] })
        typealias O = ReportBucket.Offset
        let c = bucket.counts
        func flag(_ f: ReportFacts.Flag) -> Int { c[O.flags + f.rawValue] }
        report.received = c[O.received]
        report.byChannel = Channel.allCases.map { .init(name: $0.rawValue, count: c[O.channel + $0.ordinal]) }
        report.byCategory = Department.allCases.map { .init(name: $0.rawValue, count: c[O.category + $0.ordinal]) }
            + [.init(name: "none", count: c[O.category + Department.caseCount])]
        report.bySeverity = Severity.allCases.map { .init(name: $0.rawValue, count: c[O.severity + $0.ordinal]) }
            + [.init(name: "none", count: c[O.severity + Severity.caseCount])]
        report.byNature = Nature.allCases.map { .init(name: $0.rawValue, count: c[O.nature + ReportBucket.natureIndex($0)]) }
            + [.init(name: "none", count: c[O.nature + 3])]
        report.byStatus = ComplaintStatus.allCases.map { .init(name: $0.rawValue, count: c[O.status + $0.ordinal]) }
        report.closed = c[O.closed]
        report.openAtEnd = openAtEnd
        report.clocks = ClockKind.allCases.map { kind in
            let base = O.clocks + kind.ordinal * 5
            typealias S = ReportFacts.ClockState
            return (kind, ClockTally(onTime: c[base + Int(S.onTime.rawValue)], late: c[base + Int(S.late.rawValue)],
                                     overdue: c[base + Int(S.overdue.rawValue)], running: c[base + Int(S.running.rawValue)]))
        }
        report.timeToDispatch = PeriodReport.summarize(bucket.dispatchSeconds)
        report.timeToResolve = PeriodReport.summarize(bucket.resolveSeconds)
        report.returnVisit = .init(numerator: flag(.returnVisited), denominator: flag(.returnVisitDue))
        report.satisfaction = .init(numerator: c[O.satisfiedVisits], denominator: c[O.reachedVisits])
        report.reprocessing = .init(numerator: flag(.reprocessed), denominator: flag(.resolved))
        report.repeated = flag(.repeated)
        report.escalations = ClockKind.allCases.map { .init(name: $0.rawValue, count: c[O.escalations + $0.ordinal]) }
        report.upgrades = UpgradeReason.allCases.map { .init(name: $0.rawValue, count: c[O.upgrades + $0.ledgerIndex]) }
        report.onTimeCompletion = .init(numerator: flag(.completedOnTime), denominator: flag(.completed))
        report.solved = .init(numerator: flag(.solved), denominator: flag(.evaluated))
        report.redispatch = .init(numerator: flag(.redispatched), denominator: flag(.dispatched))
        report.extensions = c[O.extensions]
        report.reminders = c[O.reminders]
        var perBuilding: [Int32: Int] = [:]
        var matters: [PeriodReport.Matter] = []
        for (key, count) in bucket.matters where count != 0 {
            let buildingID = Int32(key / 8)
            let categoryIndex = Int(key % 8)
            perBuilding[buildingID, default: 0] += count
            let place = building(buildingID)
            let category = categoryIndex < Department.caseCount ? Department.allCases[categoryIndex].rawValue : nil
            matters.append(.init(estate: place.estate, building: place.building, category: category, count: count))
        }
        report.byBuilding = PeriodReport.ranked(perBuilding.map {
            let place = building($0.key)
            return .init(estate: place.estate, building: place.building, category: nil, count: $0.value)
        })
        report.topMatters = Array(PeriodReport.ranked(matters).prefix(10))
        return report
    }
}
