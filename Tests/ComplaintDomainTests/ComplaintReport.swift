import Foundation

@testable import ComplaintDomain

/// The daily or weekly figures of workflow.md §7 for complaints received in a period.
public struct ComplaintReport: Sendable, Hashable {
    /// Start of the period (inclusive).
    public var from: Date
    /// End of the period (exclusive).
    public var to: Date
    /// Complaints received in the period.
    public var received = 0
    /// Counts by channel.
    public var byChannel: [String: Int] = [:]
    /// Counts by category; "unassigned" when none yet.
    public var byCategory: [String: Int] = [:]
    /// Counts by severity; "unassessed" when none yet.
    public var bySeverity: [String: Int] = [:]
    /// Counts by nature; "unassessed" when none yet.
    public var byNature: [String: Int] = [:]
    /// Counts by status.
    public var byStatus: [String: Int] = [:]
    /// Counts by "estate/building".
    public var byBuilding: [String: Int] = [:]
    /// Each clock's on-time record.
    public var clocks: [String: ClockTally] = [:]
    /// Median seconds from receipt to first dispatch.
    public var medianSecondsToDispatch: Double?
    /// Median seconds from receipt to the latest result.
    public var medianSecondsToResolve: Double?
    /// Replied complaints whose owner was reached on a return visit, over all replied ones (target 100 %).
    public var returnVisitRate: Double?
    /// Reached return visits where the owner was solved and satisfied, over all reached ones.
    public var satisfactionRate: Double?
    /// Complaints processed more than once, over all resolved at least once.
    public var reprocessingRate: Double?
    /// Complaints repeating an earlier one at the same unit and category.
    public var repeated = 0
    /// Complaints with an unmet clock past due at report time.
    public var overdue = 0
    /// Complaints with at least one escalation.
    public var escalated = 0
    /// Complaints upgraded outside the assessment.
    public var upgraded = 0
}

extension Harness {
    /// The §7 figures for complaints received in `from ..< to`, judged at `now`.
    ///
    /// Scans every complaint once (cold ones folded from their events).
    func report(from: Date, to: Date, now: Date) -> ComplaintReport {
        let complaints = Array(everyComplaint.reversed())
        var report = ComplaintReport(from: from, to: to)
        var toDispatch: [Double] = []
        var toResolve: [Double] = []
        var replied = 0
        var reached = 0
        var visitsReached = 0
        var visitsSatisfied = 0
        var resolvedOnce = 0
        var reprocessed = 0
        for index in complaints.indices {
            guard complaints[index].receivedAt >= from && complaints[index].receivedAt < to else { continue }
            let c = complaints[index]
            report.received += 1
            report.byChannel[c.channel.rawValue, default: 0] += 1
            report.byCategory[c.category?.rawValue ?? "unassigned", default: 0] += 1
            report.bySeverity[c.severity?.rawValue ?? "unassessed", default: 0] += 1
            report.byNature[c.nature?.rawValue ?? "unassessed", default: 0] += 1
            report.byStatus[c.status.rawValue, default: 0] += 1
            report.byBuilding[c.complainant.estate + "/" + c.complainant.building, default: 0] += 1
            for (kind, deadline) in c.deadlines.all {
                var tally = report.clocks[kind.rawValue] ?? ClockTally()
                if let met = deadline.metAt {
                    if met <= deadline.dueAt { tally.onTime += 1 } else { tally.late += 1 }
                } else if deadline.dueAt <= now && c.status != .closed {
                    tally.overdue += 1
                } else if c.status != .closed {
                    tally.running += 1
                }
                report.clocks[kind.rawValue] = tally
            }
            if let dispatched = c.transitions.first(where: { $0.status == .dispatched }) {
                toDispatch.append(dispatched.at.timeIntervalSince(c.receivedAt))
            }
            if let resolved = c.resolvedAt { toResolve.append(resolved.timeIntervalSince(c.receivedAt)) }
            if c.reply != nil {
                replied += 1
                if c.visits.contains(where: { $0.outcome == .reachable && !$0.isFollowUp }) { reached += 1 }
            }
            for visit in c.visits where visit.outcome == .reachable && !visit.isFollowUp {
                visitsReached += 1
                if visit.solved == true && visit.satisfied == true { visitsSatisfied += 1 }
            }
            if c.resolution != nil {
                resolvedOnce += 1
                if c.reprocessCount > 0 { reprocessed += 1 }
            }
            if c.repeatOf != nil { report.repeated += 1 }
            if c.isOverdue(now: now) { report.overdue += 1 }
            if !c.escalations.isEmpty { report.escalated += 1 }
            if !c.upgrades.isEmpty { report.upgraded += 1 }
        }
        report.medianSecondsToDispatch = Self.median(toDispatch)
        report.medianSecondsToResolve = Self.median(toResolve)
        report.returnVisitRate = replied == 0 ? nil : Double(reached) / Double(replied)
        report.satisfactionRate = visitsReached == 0 ? nil : Double(visitsSatisfied) / Double(visitsReached)
        report.reprocessingRate = resolvedOnce == 0 ? nil : Double(reprocessed) / Double(resolvedOnce)
        return report
    }

    private static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
