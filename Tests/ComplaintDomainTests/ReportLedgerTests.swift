import Foundation
import Testing

@testable import ComplaintDomain

/// The ledger's reports must equal a brute-force recount over the complaints and the event log.
@Suite("Report ledger")
struct ReportLedgerTests {
    static let estates = ["阳光花园", "Green Court", "世纪城"]
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    /// A few hundred complaints walked along random paths over ten days.
    static func simulate(seed: UInt64 = 7, complaints: Int = 300) -> Harness {
        var policy = WorkflowPolicy()
        policy.approvalRequiredForMinor = false
        var h = Harness(policy: policy)
        var rng = SplitMix(seed)
        var ids: [(id: String, code: String)] = []
        let departments = Department.allCases
        for step in 0..<(complaints * 12) {
            h.advance(Double(rng.next(2 * 86_400 * 10 / (complaints * 12) * 2 + 1)))
            if ids.count < complaints && (step % 12 == 0 || rng.next(10) == 0) {
                let estate = estates[rng.next(estates.count)]
                let input = registration(
                    unit: String(101 + rng.next(6)), phone: "139" + String(10_000_000 + rng.next(89_999_999)), estate: estate,
                    building: "\(1 + rng.next(4))栋", content: "漏水 \(step)",
                    category: rng.next(4) == 0 ? nil : departments[rng.next(departments.count)],
                    channel: Channel.allCases[rng.next(4)])
                let sequence = h.book.nextSequence
                if let events = try? h.run(.register(input, sequence: sequence, trackingCode: "T\(sequence)"), by: Staff.receptionist) {
                    ids.append((events[0].complaintID, "T\(sequence)"))
                }
                continue
            }
            guard !ids.isEmpty else { continue }
            let (id, code) = ids[rng.next(ids.count)]
            let severity = Severity.allCases[rng.next(3)]
            let command: Command
            var actor = Staff.receptionist
            // Mostly the next step of the workflow, sometimes anything (most of which is refused).
            let status = h.complaint(id).status
            let nextStep: [ComplaintStatus: Int] = [
                .received: 0, .assessed: 1, .dispatched: 2, .inProgress: 3, .resolved: 5,
                .approved: 6, .replied: 7, .visited: 9, .explained: 9,
            ]
            let choice = rng.next(10) < 6 ? (nextStep[status] ?? rng.next(16)) : rng.next(16)
            switch choice {
            case 0:
                command = .assess(
                    id: id,
                    AssessmentInput(
                        valid: rng.next(8) != 0, severity: severity,
                        nature: rng.next(3) == 0 ? nil : Nature.allCases[rng.next(3)],
                        explanation: "不属于物业范围"))
                actor = Staff.director
            case 1: command = .dispatch(id: id, DispatchInput(department: .engineering, handler: "h1"))
            case 2:
                command = .acknowledge(id: id, NoteInput())
                actor = Staff.handler
            case 3, 4:
                command = .resolve(id: id, ResolutionInput(measures: "修理", result: "已修复"))
                actor = Staff.handler
            case 5:
                command = .approve(id: id, NoteInput())
                actor = Staff.manager
            case 6: command = .reply(id: id, ReplyInput(content: "已处理"))
            case 7, 8:
                let happy = rng.next(3) != 0
                command = .visit(
                    id: id,
                    VisitInput(
                        outcome: rng.next(6) == 0 ? .unreachable : .reachable, solved: happy || rng.next(2) == 0,
                        satisfied: happy, method: .phone, newDemands: happy ? nil : "再修"))
                actor = Staff.supervisor
            case 9: command = .close(id: id, CloseInput(cause: "老化", lessons: "巡检", preventiveAction: "保养"))
            case 10, 11:
                command = .escalate(id: id, ClockKind.allCases[rng.next(6)])
                actor = Staff.system
            case 12:
                let clock = ClockKind.allCases[rng.next(6)]
                let due = h.complaint(id).deadlines[clock]?.dueAt ?? h.now
                command = .extend(id: id, ExtensionInput(clock: clock, dueAt: due.addingTimeInterval(86_400), reason: "等配件"))
                actor = Staff.manager
            case 13:
                command = .remind(trackingCode: code)
                actor = Staff.owner
            case 14:
                command = .upgrade(id: id, NoteInput())
                actor = Staff.director
            default:
                command = .upgradeUnresolved(id: id)
                actor = Staff.system
            }
            _ = try? h.run(command, by: actor)
        }
        return h
    }

    @Test func weeklyAndDailyReportsEqualABruteForceRecount() throws {
        let h = Self.simulate()
        #expect(h.book.count >= 250)
        var kinds = Set<String>()
        for event in h.log { kinds.insert(event.typeName) }
        for needed in [
            "complaint.closed", "complaint.escalated", "complaint.reprocessed", "complaint.deadline_extended",
            "complaint.reminded", "complaint.upgraded", "complaint.visited", "complaint.explained",
        ] {
            #expect(kinds.contains(needed), "the simulation never produced \(needed)")
        }
        var periods = [ReportPeriod.weekly("2026-W45")!, ReportPeriod.weekly("2026-W46")!, ReportPeriod.weekly("2026-W44")!]
        for day in 2...14 { periods.append(ReportPeriod.daily(String(format: "2026-11-%02d", day))!) }
        periods += [ReportPeriod.monthly("2026-11")!, ReportPeriod.monthly("2026-10")!]
        var nonEmpty = 0
        for period in periods {
            for estate in [nil] + Self.estates + ["nowhere"] {
                let fromLedger = h.state.periodReport(period, estate: estate)
                let expected = Self.bruteForce(h, period, estate: estate)
                #expect(fromLedger == expected, "\(period.label) \(estate ?? "all"):\n\(Self.difference(fromLedger, expected))")
                if fromLedger.received > 0 { nonEmpty += 1 }
            }
        }
        #expect(nonEmpty > 20)
        let week = h.state.periodReport(.weekly("2026-W45")!)
        #expect(week.received > 100 && week.closed > 0 && week.timeToDispatch.count > 0 && week.reprocessing.numerator > 0)
    }

    @Test func totalsEqualARecountOfTheCurrentState() {
        let h = Self.simulate(seed: 11, complaints: 200)
        let totals = h.state.reportTotals
        let all = h.everyComplaint
        for channel in Channel.allCases {
            for category in [nil] + Department.allCases.map(Optional.some) {
                for severity in [nil] + Severity.allCases.map(Optional.some) {
                    let n = all.filter { $0.channel == channel && $0.category == category && $0.severity == severity }.count
                    #expect(totals.received(channel: channel, category: category, severity: severity) == n)
                }
            }
        }
        for status in ComplaintStatus.allCases {
            for severity in [nil] + Severity.allCases.map(Optional.some) {
                #expect(totals.count(status: status, severity: severity) == all.filter { $0.status == status && $0.severity == severity }.count)
            }
        }
        for clock in ClockKind.allCases {
            let overdue = all.filter { c in
                c.status != .closed && c.deadlines[clock].map { $0.metAt == nil && $0.escalatedAt != nil } == true
            }.count
            #expect(totals.overdue(clock) == overdue)
            #expect(
                totals.escalations(clock)
                    == h.log.filter {
                        if case .escalated(let e) = $0 { return e.clock == clock }
                        return false
                    }.count)
        }
        for reason in UpgradeReason.allCases {
            #expect(
                totals.upgrades(reason)
                    == h.log.filter {
                        if case .upgraded(let e) = $0 { return e.reason == reason }
                        return false
                    }.count)
        }
        let owing = all.filter { $0.status != .closed && $0.deadlines[.returnVisit].map { $0.metAt == nil } == true }
        #expect(totals.returnVisitsDue == owing.count)
        #expect(totals.returnVisitsOverdue == owing.filter { $0.deadlines[.returnVisit]?.escalatedAt != nil }.count)
    }

    @Test func periodsParseIsoWeeksDaysAndMonths() {
        let week = ReportPeriod.weekly("2026-W45")!
        #expect(week.days.count == 7)
        #expect(week.from(in: Self.zone) == start.addingTimeInterval(-9 * 3600))  // Monday 2026-11-02 00:00 Shanghai
        #expect(ReportPeriod.daily("2026-11-02")!.days == week.days.lowerBound...week.days.lowerBound)
        #expect(ReportPeriod.weekly("2026-W01")!.from(in: Self.zone) == ReportPeriod.daily("2025-12-29")!.from(in: Self.zone))
        #expect(ReportPeriod.weekly("2020-W53") != nil && ReportPeriod.weekly("2021-W53") == nil)
        for bad in ["2026-13-01", "2026-02-29", "2026-1-01", "x", ""] { #expect(ReportPeriod.daily(bad) == nil, "\(bad)") }
        for bad in ["2026-W00", "2026-W54", "2026W45", "2026-45"] { #expect(ReportPeriod.weekly(bad) == nil, "\(bad)") }
        let february = ReportPeriod.monthly("2024-02")!
        #expect(february.days.count == 29 && ReportPeriod.monthly("2026-02")!.days.count == 28)
        #expect(february.days.lowerBound == ReportPeriod.daily("2024-02-01")!.days.lowerBound)
        #expect(ReportPeriod.monthly("2026-11")!.to(in: Self.zone) == ReportPeriod.daily("2026-12-01")!.from(in: Self.zone))
        for bad in ["2026-13", "2026-00", "2026-1", "202611", "2026-11-01", ""] { #expect(ReportPeriod.monthly(bad) == nil, "\(bad)") }
    }

    // MARK: the brute force, written apart from the ledger

    static func bruteForce(_ h: Harness, _ period: ReportPeriod, estate: String?) -> PeriodReport {
        let from = period.from(in: zone)
        let to = period.to(in: zone)
        var r = PeriodReport(period: period, from: from, to: to, estate: estate)
        let inEstate = h.everyComplaint.reversed().filter { estate == nil || $0.complainant.estate == estate }
        let cohort = inEstate.filter { $0.receivedAt >= from && $0.receivedAt < to }
        func count(_ names: [String], _ name: (Complaint) -> String) -> [PeriodReport.Count] {
            names.map { n in PeriodReport.Count(name: n, count: cohort.filter { name($0) == n }.count) }
        }
        r.received = cohort.count
        r.byChannel = count(Channel.allCases.map(\.rawValue)) { $0.channel.rawValue }
        r.byCategory = count(Department.allCases.map(\.rawValue) + ["none"]) { $0.category?.rawValue ?? "none" }
        r.bySeverity = count(Severity.allCases.map(\.rawValue) + ["none"]) { $0.severity?.rawValue ?? "none" }
        r.byNature = count(Nature.allCases.map(\.rawValue) + ["none"]) { $0.nature?.rawValue ?? "none" }
        r.byStatus = count(ComplaintStatus.allCases.map(\.rawValue)) { $0.status.rawValue }
        var clocks = [ClockKind: ClockTally]()
        var dispatch: [Double] = []
        var resolve: [Double] = []
        for c in cohort {
            for (kind, d) in c.deadlines.all {
                var t = clocks[kind] ?? ClockTally()
                if let met = d.metAt {
                    if met <= d.dueAt { t.onTime += 1 } else { t.late += 1 }
                } else if c.status == .closed {
                } else if d.escalatedAt != nil {
                    t.overdue += 1
                } else {
                    t.running += 1
                }
                clocks[kind] = t
            }
            if let first = c.transitions.first(where: { $0.status == .dispatched }) { dispatch.append(first.at.timeIntervalSince(c.receivedAt)) }
            if let res = c.resolution { resolve.append(res.at.timeIntervalSince(c.receivedAt)) }
        }
        r.clocks = ClockKind.allCases.map { ($0, clocks[$0] ?? ClockTally()) }
        r.timeToDispatch = percentiles(dispatch)
        r.timeToResolve = percentiles(resolve)
        let due = cohort.filter { $0.deadlines[.returnVisit] != nil }
        r.returnVisit = .init(numerator: due.filter { $0.deadlines[.returnVisit]?.metAt != nil }.count, denominator: due.count)
        let reached = cohort.flatMap { $0.visits.filter { $0.outcome == .reachable && !$0.isFollowUp } }
        r.satisfaction = .init(numerator: reached.filter { $0.solved == true && $0.satisfied == true }.count, denominator: reached.count)
        let resolved = cohort.filter { $0.resolution != nil }
        r.reprocessing = .init(numerator: resolved.filter { $0.reprocessCount > 0 }.count, denominator: resolved.count)
        r.repeated = cohort.filter { $0.repeatOf != nil }.count
        var completed = 0
        var onTime = 0
        for c in resolved {
            guard let clock = c.deadlines[.resolve] ?? c.deadlines[.majorSettle] else {
                completed += 1
                onTime += 1
                continue
            }
            if let met = clock.metAt {
                completed += 1
                if met <= clock.dueAt { onTime += 1 }
            }
        }
        r.onTimeCompletion = .init(numerator: onTime, denominator: completed)
        let evaluated = cohort.compactMap { $0.visits.last { $0.outcome == .reachable && !$0.isFollowUp } }
        r.solved = .init(numerator: evaluated.filter { $0.solved == true }.count, denominator: evaluated.count)
        let dispatchCounts = cohort.map { $0.transitions.filter { $0.status == .dispatched }.count }
        r.redispatch = .init(numerator: dispatchCounts.filter { $0 > 1 }.count, denominator: dispatchCounts.filter { $0 > 0 }.count)
        // Buildings and matters.
        var buildings: [String: PeriodReport.Matter] = [:]
        var matters: [String: PeriodReport.Matter] = [:]
        for c in cohort {
            let b = c.complainant.estate + "|" + c.complainant.building
            buildings[b, default: .init(estate: c.complainant.estate, building: c.complainant.building, category: nil, count: 0)].count += 1
            matters[
                b + "|" + (c.category?.rawValue ?? ""),
                default: .init(
                    estate: c.complainant.estate, building: c.complainant.building,
                    category: c.category?.rawValue, count: 0)
            ].count += 1
        }
        let order: (PeriodReport.Matter, PeriodReport.Matter) -> Bool = {
            ($0.count, $1.estate, $1.building, $1.category ?? "~") > ($1.count, $0.estate, $0.building, $0.category ?? "~")
        }
        r.byBuilding = buildings.values.sorted(by: order)
        r.topMatters = Array(matters.values.sorted(by: order).prefix(10))
        // Activity in the period, from the log.
        let estateOf = Dictionary(uniqueKeysWithValues: h.everyComplaint.map { ($0.id, $0.complainant.estate) })
        let events = h.log.filter { $0.at >= from && $0.at < to && (estate == nil || estateOf[$0.complaintID] == estate) }
        r.closed =
            events.filter {
                if case .closed = $0 { return true }
                return false
            }.count
        r.escalations = ClockKind.allCases.map { k in
            .init(
                name: k.rawValue,
                count: events.filter {
                    if case .escalated(let e) = $0 { return e.clock == k }
                    return false
                }.count)
        }
        r.upgrades = UpgradeReason.allCases.map { k in
            .init(
                name: k.rawValue,
                count: events.filter {
                    if case .upgraded(let e) = $0 { return e.reason == k }
                    return false
                }.count)
        }
        r.extensions =
            events.filter {
                if case .deadlineExtended = $0 { return true }
                return false
            }.count
        r.reminders =
            events.filter {
                if case .reminded = $0 { return true }
                return false
            }.count
        r.openAtEnd =
            inEstate.filter { c in
                guard c.receivedAt < to else { return false }
                return (c.transitions.last { $0.at < to }?.status ?? .received).isOpen
            }.count
        return r
    }

    static func percentiles(_ values: [Double]) -> PeriodReport.Durations {
        guard !values.isEmpty else { return .init() }
        let s = values.sorted()
        let median = s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        var rank = 1
        while Double(rank) < 0.9 * Double(s.count) { rank += 1 }
        return .init(count: s.count, median: median, p90: s[rank - 1])
    }

    static func difference(_ a: PeriodReport, _ b: PeriodReport) -> String {
        let ma = Mirror(reflecting: a).children
        let mb = Mirror(reflecting: b).children
        return zip(ma, mb).compactMap { x, y in
            "\(x.value)" == "\(y.value)" ? nil : "\(x.label ?? "?"): ledger \(x.value) ≠ brute \(y.value)"
        }.joined(separator: "\n")
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(1, bound)))
    }
}
