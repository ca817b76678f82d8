import Foundation
import Testing

@testable import ComplaintDomain

@Suite("Whole lifecycles")
struct LifecycleTests {
    @Test func importantComplaintWithOneReprocessing() throws {
        var h = Harness()
        let id = try h.register()
        #expect(id == "C2611-000001")
        #expect(h.complaint(id).receivedBy == "r1")
        #expect(h.complaint(id).deadlines[.dispatch]?.dueAt == start.addingTimeInterval(600))

        h.advance(60)
        try h.run(
            .assess(id: id, AssessmentInput(valid: true, severity: .important, nature: .helpSeeking, contentType: .equipment)), by: Staff.director)
        #expect(h.complaint(id).deadlines[.resolve]?.dueAt == start.addingTimeInterval(86_400))
        h.advance(60)
        try h.signOpinion(id)
        try h.run(.dispatch(id: id, DispatchInput(department: .engineering, handler: "h1", note: "请工程部处理")), by: Staff.supervisor)
        #expect(h.complaint(id).deadlines[.dispatch]?.metAt == h.now)
        h.advance(60)
        try h.run(.acknowledge(id: id, NoteInput(note: "收到")), by: Staff.handler)
        #expect(h.complaint(id).status == .inProgress)
        try h.run(.progress(id: id, ProgressInput(text: "已订购配件", public: true)), by: Staff.handler)
        try h.run(.progress(id: id, ProgressInput(text: "内部协调")), by: Staff.receptionist)
        #expect(h.complaint(id).progressNotes.map(\.isPublic) == [true, false])
        h.advance(3_600)
        try h.run(.resolve(id: id, ResolutionInput(measures: "更换电机", result: "恢复运行", remaining: "观察一周")), by: Staff.handler)
        #expect(h.complaint(id).deadlines[.resolve]?.metAt == h.now)
        try h.run(.approve(id: id, NoteInput()), by: Staff.manager)
        try h.run(.reply(id: id, ReplyInput(content: "电梯已修复")), by: Staff.receptionist)
        #expect(h.complaint(id).repliedAt == h.now)
        #expect(h.complaint(id).deadlines[.returnVisit]?.dueAt == h.now.addingTimeInterval(86_400))

        h.advance(3_600)
        let unsatisfied = try h.run(
            .visit(id: id, VisitInput(solved: false, satisfied: false, method: .phone, numberCalled: "13800138000", newDemands: "噪音仍大")),
            by: Staff.supervisor)
        #expect(unsatisfied.map(\.typeName) == ["complaint.visited", "complaint.reprocessed"])
        var c = h.complaint(id)
        #expect(c.status == .dispatched)
        #expect(c.reprocessCount == 1)
        #expect(c.demands == "噪音仍大")
        #expect(c.nature == .dissatisfaction && c.reclassifiedFrom == .helpSeeking)
        #expect(c.deadlines[.resolve]?.dueAt == h.now.addingTimeInterval(86_400))
        #expect(c.deadlines[.resolve]?.metAt == nil)

        h.advance(600)
        try h.run(.acknowledge(id: id, NoteInput()), by: Staff.colleague)
        try h.run(.resolve(id: id, ResolutionInput(measures: "加装减震垫", result: "噪音消除")), by: Staff.colleague)
        try h.run(.approve(id: id, NoteInput(note: "同意")), by: Staff.manager)
        try h.run(.reply(id: id, ReplyInput(content: "已加装减震垫")), by: Staff.receptionist)
        h.advance(600)
        try h.run(.visit(id: id, VisitInput(solved: true, satisfied: true, method: .visit)), by: Staff.receptionist)
        c = h.complaint(id)
        #expect(c.status == .visited)
        #expect(c.followUpDueAt == h.now.addingTimeInterval(604_800))  // important and reprocessed

        let missingSummary = h.attempt(.close(id: id, CloseInput()), by: Staff.supervisor)
        guard case .validation(let fields)? = missingSummary.error?.kind else {
            Issue.record("expected validation")
            return
        }
        #expect(fields.map(\.field) == ["cause", "lessons", "preventiveAction"])
        try h.run(.close(id: id, CloseInput(cause: "电机老化", lessons: "巡检不足", preventiveAction: "季度保养")), by: Staff.supervisor)
        c = h.complaint(id)
        #expect(c.status == .closed)
        #expect(c.closedAt == h.now)
        #expect(c.version == h.log.count)
        #expect(
            c.transitions.map(\.status) == [
                .assessed, .dispatched, .inProgress, .resolved, .approved, .replied, .dispatched, .inProgress,
                .resolved, .approved, .replied, .visited, .closed,
            ])

        // The follow-up visit a week later is recorded without reopening the complaint.
        h.advance(604_800)
        #expect(h.book.visitsDue(before: h.now).map(\.kind) == [.followUp])
        try h.run(.visit(id: id, VisitInput(solved: true, satisfied: true, method: .phone)), by: Staff.supervisor)
        #expect(h.complaint(id).status == .closed)
        #expect(h.complaint(id).followUpDueAt == nil)
        #expect(h.book.visitsDue(before: h.now).isEmpty)
    }

    @Test func minorComplaintResolvedOnTheSpot() throws {
        var h = Harness()
        let events = try h.run(
            .register(registration(onSpot: OnSpotInput(measures: "当场更换灯泡", result: "已亮")), sequence: 1, trackingCode: "T1"), by: Staff.receptionist)
        #expect(events.map(\.typeName) == ["complaint.registered", "complaint.resolved"])
        let id = events[0].complaintID
        var c = h.complaint(id)
        #expect(c.status == .resolved && c.severity == .minor && c.resolution?.onSpot == true)
        #expect(c.deadlines[.dispatch]?.metAt == start)
        #expect(h.book.dueDeadlines(now: start.addingTimeInterval(3_600)).isEmpty)
        try h.run(.reply(id: id, ReplyInput(content: "已处理")), by: Staff.supervisor)
        // The receptionist fixed it, so someone else makes the return visit.
        #expect(
            h.attempt(.visit(id: id, VisitInput(solved: true, satisfied: true, method: .phone)), by: Staff.receptionist).error?.shortKind
                == "forbidden")
        try h.run(.visit(id: id, VisitInput(solved: true, satisfied: true, method: .phone)), by: Staff.supervisor)
        try h.run(.close(id: id, CloseInput()), by: Staff.supervisor)
        c = h.complaint(id)
        #expect(c.status == .closed && c.closing == nil && c.followUpDueAt == nil)
    }

    @Test func invalidComplaintIsExplainedAndClosed() throws {
        var h = Harness()
        let id = try h.register()
        let refused = h.attempt(.assess(id: id, AssessmentInput(valid: false)), by: Staff.director)
        #expect(refused.error?.kind == .validation([FieldError(field: "explanation", rule: .required)]))
        try h.run(.assess(id: id, AssessmentInput(valid: false, explanation: "停水系市政管网检修，已告知恢复时间")), by: Staff.director)
        var c = h.complaint(id)
        #expect(c.status == .explained && c.isValid == false)
        #expect(c.explanation == "停水系市政管网检修，已告知恢复时间")
        #expect(h.book.dueDeadlines(now: start.addingTimeInterval(86_400)).isEmpty)
        try h.run(.close(id: id, CloseInput()), by: Staff.receptionist)
        c = h.complaint(id)
        #expect(c.status == .closed)
        #expect(
            h.attempt(.dispatch(id: id, DispatchInput(department: .engineering, handler: "h1")), by: Staff.receptionist).error?.kind
                == .invalidTransition(current: .closed, allowed: []))
    }

    @Test func outOfScopeIsExplainedToo() throws {
        var h = Harness()
        let id = try h.register()
        try h.run(.assess(id: id, AssessmentInput(valid: true, inScope: false, explanation: "请联系燃气公司")), by: Staff.manager)
        #expect(h.complaint(id).status == .explained && h.complaint(id).isInScope == false)
    }

    @Test func unreachableOwnerIsTriedAgain() throws {
        var h = Harness()
        let id = try h.make(.replied, severity: .minor)
        #expect(h.book.visitsDue(before: h.now).map(\.kind) == [.first])
        try h.run(.visit(id: id, VisitInput(outcome: .unreachable, method: .phone, numberCalled: "13800138000")), by: Staff.supervisor)
        #expect(h.complaint(id).status == .replied)
        #expect(h.book.visitsDue(before: h.now).isEmpty)
        let retry = h.book.visitsDue(before: h.now.addingTimeInterval(7_200))
        #expect(retry.map(\.kind) == [.retry] && retry.first?.attempts == 1)
        h.advance(7_200)
        try h.run(.visit(id: id, VisitInput(solved: true, satisfied: true, method: .phone)), by: Staff.supervisor)
        #expect(h.complaint(id).status == .visited)
        #expect(h.complaint(id).visits.count == 2)
    }

    @Test func registrationNamesEveryBadField() {
        let h = Harness()
        let input = RegistrationInput(
            complainant: ComplainantInput(name: " ", phone: "call me", estate: "阳光花园"),
            content: String(repeating: "很", count: 5_001))
        guard case .validation(let fields)? = h.attempt(.register(input, sequence: 1, trackingCode: "T1"), by: Staff.receptionist).error?.kind else {
            Issue.record("expected validation")
            return
        }
        #expect(fields.map(\.field) == ["channel", "complainant.name", "complainant.phone", "complainant.building", "complainant.unit", "content"])
        #expect(h.attempt(.register(registration(), sequence: 1, trackingCode: "T1"), by: Staff.owner).error?.shortKind == "forbidden")
        #expect(h.attempt(.register(registration(), sequence: 1, trackingCode: "T1"), by: Staff.intake).error == nil)
    }

    @Test func repeatAndDuplicatesAreSpotted() throws {
        var h = Harness()
        let first = try h.register()
        h.advance(86_400)
        #expect(h.book.possibleDuplicates(of: registration(), now: h.now).map(\.id) == [first])
        #expect(h.book.possibleDuplicates(of: registration(unit: "1202"), now: h.now).isEmpty)
        #expect(h.book.possibleDuplicates(of: registration(category: .cleaningGreening), now: h.now).isEmpty)
        let second = try h.register()
        #expect(h.complaint(second).repeatOf == first)
        h.advance(604_801)
        #expect(h.book.possibleDuplicates(of: registration(), now: h.now).isEmpty)
    }

    @Test func duplicateHintsAreNewestFirstBoundedAndScoped() throws {
        var h = Harness()
        let first = try h.register()
        h.advance(60)
        let second = try h.register()
        h.advance(60)
        let third = try h.register()
        let hints = h.book.possibleDuplicates(of: registration(), now: h.now, limit: 2)
        #expect(hints.map(\.id) == [third, second])
        #expect(hints.first?.content == "电梯停运两天无人处理" && hints.first?.category == .engineering)
        #expect(hints.first?.status == .received && hints.first?.receivedAt == h.complaint(third).receivedAt)
        #expect(h.book.possibleDuplicates(of: registration(), now: h.now).map(\.id) == [third, second, first])
        let elsewhere = AccessScope(actor: Staff.receptionist, estates: ["翠湖苑"])
        #expect(h.book.possibleDuplicates(of: registration(), now: h.now, visibleTo: elsewhere).isEmpty)
        let here = AccessScope(actor: Staff.receptionist, estates: ["阳光花园"])
        #expect(h.book.possibleDuplicates(of: registration(), now: h.now, visibleTo: here).count == 3)
    }
}
