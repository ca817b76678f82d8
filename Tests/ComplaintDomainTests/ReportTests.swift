import Foundation
import Testing

@testable import ComplaintDomain

@Suite("Reports, public notices and second-scale clocks")
struct ReportTests {
    @Test func reportCountsAndRates() throws {
        var h = Harness()
        let happy = try h.make(.closed, severity: .important)
        let unhappy = try h.make(.replied, severity: .minor)
        try h.run(.visit(id: unhappy, VisitInput(solved: true, satisfied: false, method: .phone)), by: Staff.supervisor)
        _ = try h.make(.explained)
        let late = try h.register(registration(unit: "808", channel: .online))
        h.advance(3_600)
        try h.run(.escalate(id: late, .dispatch), by: Staff.system)
        let report = h.report(from: start, to: start.addingTimeInterval(86_400), now: h.now)
        #expect(report.received == 4)
        #expect(report.byChannel == ["phone": 3, "online": 1])
        #expect(report.bySeverity == ["important": 1, "minor": 1, "unassessed": 2])
        #expect(report.byStatus == ["closed": 1, "dispatched": 1, "explained": 1, "received": 1])
        #expect(report.clocks["dispatch"] == ClockTally(onTime: 3, late: 0, overdue: 1, running: 0))
        #expect(report.returnVisitRate == 1.0)
        #expect(report.satisfactionRate == 0.5)
        #expect(report.reprocessingRate == 0.5)
        #expect(report.overdue == 1 && report.escalated == 1)
        #expect(report.medianSecondsToDispatch == 0)
        #expect(h.complaint(happy).status == .closed)
    }

    @Test func publicNoticeHidesTheOwner() throws {
        var h = Harness()
        let id = try h.make(.closed, severity: .important)
        let notice = PublicNotice(h.complaint(id))
        let json = String(decoding: try JSONEncoder().encode(notice), as: UTF8.self)
        #expect(!json.contains("张三") && !json.contains("13800138000") && !json.contains("1201"))
        #expect(notice.scope == "阳光花园 3栋")
        #expect(notice.precautions == "季度保养" && notice.returnVisitSatisfied == true)
    }

    @Test func aWholeLifecycleOnClocksOfSeconds() throws {
        var policy = WorkflowPolicy()
        policy.dispatchWithin = 2
        policy.resolveImportant = 5
        policy.returnVisitWithin = 3
        policy.autoUpgradeAfter = 20
        var h = Harness(policy: policy)
        let id = try h.register()
        try h.run(.assess(id: id, AssessmentInput(valid: true, severity: .important)), by: Staff.director)
        h.advance(3)
        #expect(h.book.dueDeadlines(now: h.now).map(\.kind) == [.clock(.dispatch)])
        for due in h.book.dueDeadlines(now: h.now) { try h.run(due.command, by: Staff.system) }
        try h.signOpinion(id)
        try h.run(.dispatch(id: id, DispatchInput(department: .engineering, handler: "h1")), by: Staff.receptionist)
        try h.run(.acknowledge(id: id, NoteInput()), by: Staff.handler)
        h.advance(3)
        #expect(h.book.dueDeadlines(now: h.now).map(\.kind) == [.clock(.resolve)])
        try h.run(.extend(id: id, ExtensionInput(clock: .resolve, dueAt: h.now.addingTimeInterval(10), reason: "等配件")), by: Staff.manager)
        #expect(h.book.dueDeadlines(now: h.now).isEmpty)
        h.advance(4)
        try h.run(.resolve(id: id, ResolutionInput(measures: "m", result: "r")), by: Staff.handler)
        try h.run(.approve(id: id, NoteInput()), by: Staff.manager)
        try h.run(.reply(id: id, ReplyInput(content: "ok")), by: Staff.receptionist)
        h.advance(4)
        #expect(h.book.dueDeadlines(now: h.now).map(\.kind) == [.clock(.returnVisit)])
        try h.run(.visit(id: id, VisitInput(solved: true, satisfied: true, method: .phone)), by: Staff.supervisor)
        h.advance(60)
        #expect(h.book.dueDeadlines(now: h.now).isEmpty)
        let c = h.complaint(id)
        #expect(c.status == .visited && c.escalations.map(\.clock) == [.dispatch])
        #expect(c.deadlines[.returnVisit]?.metAt == h.now.addingTimeInterval(-60))
    }
}
