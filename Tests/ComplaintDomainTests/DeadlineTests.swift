import Foundation
import Testing

@testable import ComplaintDomain

@Suite("Clocks, escalations and automatic upgrades")
struct DeadlineTests {
    private func kinds(_ book: ComplaintBook, _ now: Date) -> [DeadlineKind] {
        book.dueDeadlines(now: now).map(\.kind)
    }

    @Test func dispatchClockFiresAtTenMinutesAndOnlyOnce() throws {
        var h = Harness()
        let id = try h.register()
        #expect(h.book.nextDeadline == start.addingTimeInterval(600))
        #expect(kinds(h.book, start.addingTimeInterval(599.9)).isEmpty)
        h.advance(600)
        #expect(kinds(h.book, h.now) == [.clock(.dispatch)])
        h.advance(30)
        let events = try h.run(h.book.dueDeadlines(now: h.now)[0].command, by: Staff.system)
        guard case .escalated(let escalated) = events.first else {
            Issue.record("expected escalated")
            return
        }
        #expect(escalated.notify == [.supervisor] && escalated.lateBySeconds == 30 && escalated.clock == .dispatch)
        #expect(kinds(h.book, h.now.addingTimeInterval(60)).isEmpty)
        #expect(h.attempt(.escalate(id: id, .dispatch), by: Staff.system).error?.shortKind == "conflict")
        #expect(h.attempt(.escalate(id: id, .dispatch), by: Staff.supervisor).error?.shortKind == "forbidden")
        let open = h.book.openEscalations(now: h.now)
        #expect(open.map(\.clock) == [.dispatch] && open.first?.notified == [.supervisor])
        try h.run(.assess(id: id, AssessmentInput(valid: true, severity: .minor)), by: Staff.director)
        try h.run(.dispatch(id: id, DispatchInput(department: .engineering, handler: "h1")), by: Staff.receptionist)
        #expect(h.book.openEscalations(now: h.now).isEmpty)
    }

    @Test func resolveClocksFollowSeverity() throws {
        var h = Harness()
        let minor = try h.make(.assessed, severity: .minor)
        let important = try h.make(.assessed, severity: .important)
        let rushed = try h.register(registration(unit: "101", requestedBy: start.addingTimeInterval(3_600)))
        try h.run(.assess(id: rushed, AssessmentInput(valid: true, severity: .minor)), by: Staff.director)
        #expect(h.complaint(minor).deadlines[.resolve]?.dueAt == start.addingTimeInterval(43_200))
        #expect(h.complaint(important).deadlines[.resolve]?.dueAt == start.addingTimeInterval(86_400))
        #expect(h.complaint(rushed).deadlines[.resolve]?.dueAt == start.addingTimeInterval(3_600))
        let escalated = try h.run(.escalate(id: minor, .resolve), by: Staff.system, at: start.addingTimeInterval(43_200))
        guard case .escalated(let e) = escalated.first else {
            Issue.record("expected escalated")
            return
        }
        #expect(e.notify == [.departmentHead, .manager])
    }

    @Test func extensionMovesTheDeadline() throws {
        var h = Harness()
        let id = try h.make(.dispatched, severity: .important)
        let due = start.addingTimeInterval(86_400)
        let later = due.addingTimeInterval(7_200)
        #expect(
            h.attempt(.extend(id: id, ExtensionInput(clock: .resolve, dueAt: later, reason: "等配件")), by: Staff.handler).error?.shortKind
                == "forbidden")
        #expect(
            h.attempt(.extend(id: id, ExtensionInput(clock: .resolve, dueAt: due, reason: "等配件")), by: Staff.manager).error?.shortKind == "validation"
        )
        #expect(
            h.attempt(.extend(id: id, ExtensionInput(clock: .reply, dueAt: later, reason: "x")), by: Staff.manager).error?.shortKind == "conflict")
        guard case .validation(let fields)? = h.attempt(.extend(id: id, ExtensionInput()), by: Staff.manager).error?.kind else {
            Issue.record("expected validation")
            return
        }
        #expect(fields.map(\.field) == ["clock", "dueAt", "reason"])
        try h.run(.extend(id: id, ExtensionInput(clock: .resolve, dueAt: later, reason: "等配件")), by: Staff.manager)
        #expect(h.complaint(id).deadlines[.resolve]?.extendedCount == 1)
        #expect(h.complaint(id).extensionCount == 1)
        #expect(kinds(h.book, due).isEmpty)
        #expect(kinds(h.book, later) == [.clock(.resolve)])
    }

    @Test func majorComplaintNotifiesAtOnceAndAnswersWithinTwoDays() throws {
        var h = Harness()
        let id = try h.register()
        let events = try h.run(.assess(id: id, AssessmentInput(valid: true, severity: .major)), by: Staff.director)
        guard case .majorNotified(let notice) = events.last else {
            Issue.record("expected majorNotified")
            return
        }
        #expect(notice.notify == [.departmentHead, .leader])
        let c = h.complaint(id)
        #expect(c.deadlines[.majorAnswer]?.dueAt == start.addingTimeInterval(172_800))
        #expect(c.deadlines[.majorSettle]?.dueAt == start.addingTimeInterval(1_296_000))
        #expect(c.autoUpgradeAt == nil)
        try h.signOpinion(id)
        try h.run(.dispatch(id: id, DispatchInput(department: .engineering, handler: "h1")), by: Staff.receptionist)
        try h.run(.progress(id: id, ProgressInput(text: "内部排查")), by: Staff.handler)
        #expect(h.complaint(id).deadlines[.majorAnswer]?.metAt == nil)
        h.advance(3_600)
        try h.run(.progress(id: id, ProgressInput(text: "已确定方案，三日内完成", public: true)), by: Staff.handler)
        #expect(h.complaint(id).deadlines[.majorAnswer]?.metAt == h.now)
        let due = kinds(h.book, start.addingTimeInterval(1_296_000))
        #expect(due == [.clock(.majorSettle)])
        let fired = try h.run(.escalate(id: id, .majorSettle), by: Staff.system, at: start.addingTimeInterval(1_296_000))
        guard case .escalated(let e) = fired.first else {
            Issue.record("expected escalated")
            return
        }
        #expect(e.notify == [.departmentHead, .manager, .leader])
    }

    @Test func replyIsDueByTheEndOfTheLocalDay() throws {
        var h = Harness()
        let id = try h.make(.inProgress, severity: .minor)
        h.now = start.addingTimeInterval(13 * 3_600)  // 22:00 in Shanghai, 14:00 UTC
        try h.run(.resolve(id: id, ResolutionInput(measures: "m", result: "r")), by: Staff.handler)
        let midnight = start.addingTimeInterval(15 * 3_600)  // 00:00 next day in Shanghai
        #expect(h.complaint(id).deadlines[.reply]?.dueAt == midnight)
        #expect(kinds(h.book, midnight.addingTimeInterval(-1)).isEmpty)
        #expect(kinds(h.book, midnight) == [.clock(.reply)])
        try h.run(.reply(id: id, ReplyInput(content: "ok")), by: Staff.receptionist)
        #expect(h.complaint(id).deadlines[.returnVisit]?.dueAt == h.now.addingTimeInterval(86_400))
        #expect(kinds(h.book, h.now.addingTimeInterval(86_400)) == [.clock(.returnVisit)])
    }

    @Test func unresolvedForSevenDaysBecomesMajor() throws {
        var h = Harness()
        let id = try h.make(.inProgress, severity: .minor)
        let sevenDays = start.addingTimeInterval(604_800)
        try h.run(.escalate(id: id, .resolve), by: Staff.system, at: start.addingTimeInterval(43_200))
        #expect(kinds(h.book, sevenDays.addingTimeInterval(-1)).isEmpty)
        #expect(kinds(h.book, sevenDays) == [.autoUpgrade])
        h.now = sevenDays
        let events = try h.run(.upgradeUnresolved(id: id), by: Staff.system)
        #expect(events.map(\.typeName) == ["complaint.upgraded", "complaint.major_notified"])
        let c = h.complaint(id)
        #expect(c.severity == .major)
        #expect(c.upgrades.map(\.reason) == [.unresolved7Days] && c.upgrades.first?.from == .minor)
        #expect(c.deadlines[.resolve] == nil)
        #expect(c.deadlines[.majorSettle]?.dueAt == start.addingTimeInterval(1_296_000))
        #expect(h.attempt(.upgradeUnresolved(id: id), by: Staff.system).error?.shortKind == "conflict")
        // The two-day answer was owed long ago: it is due at once, and fires once.
        #expect(kinds(h.book, h.now) == [.clock(.majorAnswer)])
    }

    @Test func moreThanFiveOwnersOnOneIncidentMakeAllMajor() throws {
        var h = Harness()
        var ids: [String] = []
        for owner in 1...5 {
            let id = try h.register(registration(unit: "0\(owner)01", phone: "1380000000\(owner)", incidentKey: "WATER-3"))
            ids.append(id)
            #expect(h.book.followUpCommands(after: h.log.suffix(1)).isEmpty)
        }
        try h.run(.assess(id: ids[0], AssessmentInput(valid: true, severity: .minor)), by: Staff.director)
        // The same owner again (same phone) is not a sixth owner.
        ids.append(try h.register(registration(unit: "0101", phone: "13800000001", incidentKey: "WATER-3")))
        #expect(h.book.distinctOwners(ofIncident: "WATER-3") == 5)
        #expect(h.book.followUpCommands(after: h.log.suffix(1)).isEmpty)
        // A sixth owner, linked by staff rather than by key.
        let sixth = try h.register(registration(unit: "0601", phone: "13800000006"))
        let linked = try h.run(.link(id: sixth, LinkInput(incidentID: "WATER-3")), by: Staff.receptionist)
        ids.append(sixth)
        #expect(h.book.distinctOwners(ofIncident: "WATER-3") == 6)
        let commands = h.book.followUpCommands(after: linked)
        #expect(commands.count == 7)
        for command in commands { try h.run(command, by: Staff.system) }
        for id in ids {
            #expect(h.complaint(id).severity == .major)
            #expect(h.complaint(id).upgrades.map(\.reason) == [.incidentOwners])
        }
        // Assessed ones get major clocks now; the others get them at assessment.
        #expect(h.complaint(ids[0]).deadlines[.majorAnswer] != nil)
        let assessed = try h.run(.assess(id: ids[1], AssessmentInput(valid: true, severity: .minor)), by: Staff.director)
        #expect(h.complaint(ids[1]).severity == .major)
        #expect(h.complaint(ids[1]).deadlines[.majorAnswer]?.dueAt == h.complaint(ids[1]).receivedAt.addingTimeInterval(172_800))
        #expect(assessed.map(\.typeName) == ["complaint.assessed"])  // leaders were told at the upgrade
        #expect(h.book.followUpCommands(after: linked).isEmpty)
    }

    @Test func invalidComplaintsDoNotCountAsOwnersOfAnIncident() throws {
        var h = Harness()
        for owner in 1...6 {
            let id = try h.register(registration(unit: "0\(owner)01", phone: "1380000000\(owner)", incidentKey: "GAS-1"))
            if owner == 6 {
                try h.run(.assess(id: id, AssessmentInput(valid: false, explanation: "燃气公司负责")), by: Staff.director)
            }
        }
        #expect(h.book.distinctOwners(ofIncident: "GAS-1") == 5)
        #expect(h.book.followUpCommands(after: h.log).isEmpty)
    }

    @Test func replayFiresMissedDeadlinesExactlyOnce() throws {
        var h = Harness()
        let a = try h.register()
        let b = try h.make(.dispatched, severity: .important)
        let c = try h.make(.replied, severity: .minor)
        let stopped = h.log
        // The service was down for two days; nothing fired meanwhile.
        let now = start.addingTimeInterval(2 * 86_400)
        var restarted = ComplaintBook(policy: h.book.policy)
        restarted.evolve(stopped)
        let missed = restarted.dueDeadlines(now: now)
        #expect(missed == h.book.dueDeadlines(now: now))
        #expect(missed.map(\.complaintID).sorted() == [a, b, c].sorted())
        #expect(missed.first { $0.complaintID == a }?.kind == .clock(.dispatch))
        #expect(missed.first { $0.complaintID == b }?.kind == .clock(.resolve))
        #expect(missed.first { $0.complaintID == c }?.kind == .clock(.returnVisit))
        var fired: [DomainEvent] = []
        for due in missed {
            let events = try restarted.decide(due.command, by: Staff.system, now: now).get()
            restarted.evolve(events)
            fired += events
        }
        #expect(fired.count == 3)
        #expect(restarted.dueDeadlines(now: now).isEmpty)
        #expect(missed.allSatisfy { restarted.decide($0.command, by: Staff.system, now: now).error?.shortKind == "conflict" })
        // A second restart replays the escalations too: nothing is due again.
        var again = ComplaintBook(policy: h.book.policy)
        again.evolve(stopped + fired)
        #expect(again.dueDeadlines(now: now.addingTimeInterval(3_600)).isEmpty)
        #expect(again.nextDeadline.map { $0 > now } ?? true)
    }
}

extension Harness {
    /// Runs a command at a given moment, leaving the clock there.
    @discardableResult
    mutating func run(_ command: Command, by actor: Actor, at moment: Date) throws -> [DomainEvent] {
        now = moment
        return try run(command, by: actor)
    }
}
