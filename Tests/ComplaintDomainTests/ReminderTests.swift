import Foundation
import Testing

@testable import ComplaintDomain

@Suite("Owner reminders (催办) and audited reads")
struct ReminderTests {
    @Test func remindersAreRateLimitedAndStopOnceResolved() throws {
        var h = Harness()
        let id = try h.make(.dispatched, severity: .minor)
        let code = h.complaint(id).trackingCode
        let first = try h.run(.remind(trackingCode: code), by: Staff.owner)
        guard case .reminded(let reminded) = first.first else {
            Issue.record("expected reminded")
            return
        }
        #expect(reminded.notifyActorID == "h1" && reminded.notifyDepartment == .engineering)
        h.advance(600)
        #expect(h.attempt(.remind(trackingCode: code), by: Staff.owner).error?.kind == .rateLimited(retryAfterSeconds: 1_200))
        #expect(h.attempt(.remind(trackingCode: code), by: Staff.receptionist).error?.shortKind == "forbidden")
        h.advance(1_200)
        try h.run(.remind(trackingCode: code), by: Staff.owner)
        #expect(h.complaint(id).reminderCount == 2 && h.complaint(id).lastReminderAt == h.now)
        try h.run(.acknowledge(id: id, NoteInput()), by: Staff.handler)
        try h.run(.resolve(id: id, ResolutionInput(measures: "m", result: "r")), by: Staff.handler)
        h.advance(3_600)
        #expect(h.attempt(.remind(trackingCode: code), by: Staff.owner).error?.kind == .invalidTransition(current: .resolved, allowed: []))
    }

    @Test func beforeDispatchTheFirstResponsiblePersonIsTold() throws {
        var h = Harness()
        let id = try h.register()
        let events = try h.run(.remind(trackingCode: h.complaint(id).trackingCode), by: Staff.owner)
        guard case .reminded(let reminded) = events.first else {
            Issue.record("expected reminded")
            return
        }
        #expect(reminded.notifyActorID == "r1" && reminded.notifyDepartment == nil)
    }

    @Test func unmaskedReadsAreAudited() throws {
        var h = Harness()
        let id = try h.register()
        let events = try h.run(.viewContact(id: id), by: Staff.supervisor)
        #expect(events.map(\.typeName) == ["complaint.contact_viewed"])
        #expect(events.first?.actor == Staff.supervisor)
        #expect(h.attempt(.viewContact(id: id), by: Staff.intake).error?.shortKind == "forbidden")
        #expect(h.attempt(.viewContact(id: id), by: Staff.owner).error?.shortKind == "forbidden")
    }
}
