import Foundation

extension ReportBucket {
    /// Writes the bucket's counters into `report` as the figures of workflow.md §7; `place`
    /// names a building id (estate, building).
    func fill(_ report: inout PeriodReport, openAtEnd: Int, place: (Int32) -> (estate: String, building: String)) {
        typealias O = ReportBucket.Offset
        let c = counts
        func flag(_ f: ReportFacts.Flag) -> Int { c[O.flags + f.rawValue] }
        report.received = c[O.received]
        report.byChannel = Channel.allCases.map { .init(name: $0.rawValue, count: c[O.channel + $0.ordinal]) }
        report.byCategory =
            Department.allCases.map { .init(name: $0.rawValue, count: c[O.category + $0.ordinal]) }
            + [.init(name: "none", count: c[O.category + Department.caseCount])]
        report.bySeverity =
            Severity.allCases.map { .init(name: $0.rawValue, count: c[O.severity + $0.ordinal]) }
            + [.init(name: "none", count: c[O.severity + Severity.caseCount])]
        report.byNature =
            Nature.allCases.map { .init(name: $0.rawValue, count: c[O.nature + ReportBucket.natureIndex($0)]) }
            + [.init(name: "none", count: c[O.nature + 3])]
        report.byStatus = ComplaintStatus.allCases.map { .init(name: $0.rawValue, count: c[O.status + $0.ordinal]) }
        report.closed = c[O.closed]
        report.openAtEnd = openAtEnd
        report.clocks = ClockKind.allCases.map { kind in
            let base = O.clocks + kind.ordinal * 5
            typealias S = ReportFacts.ClockState
            return (
                kind,
                ClockTally(
                    onTime: c[base + Int(S.onTime.rawValue)], late: c[base + Int(S.late.rawValue)],
                    overdue: c[base + Int(S.overdue.rawValue)], running: c[base + Int(S.running.rawValue)])
            )
        }
        report.timeToDispatch = PeriodReport.summarize(dispatchSeconds)
        report.timeToResolve = PeriodReport.summarize(resolveSeconds)
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
        report.confirmations = .init(confirmed: flag(.confirmed), signedOff: flag(.confirmedSignOff), onPaper: flag(.confirmedOnPaper))
        var perBuilding: [Int32: Int] = [:]
        var matters: [PeriodReport.Matter] = []
        for (key, count) in self.matters where count != 0 {
            let buildingID = Int32(truncatingIfNeeded: key / 8)
            let categoryIndex = Int(key % 8)
            perBuilding[buildingID, default: 0] += count
            let location = place(buildingID)
            let category = Department(ordinal: UInt8(categoryIndex))?.rawValue
            matters.append(.init(estate: location.estate, building: location.building, category: category, count: count))
        }
        report.byBuilding = PeriodReport.ranked(
            perBuilding.map {
                let location = place($0.key)
                return .init(estate: location.estate, building: location.building, category: nil, count: $0.value)
            })
        report.topMatters = Array(PeriodReport.ranked(matters).prefix(10))
    }
}
