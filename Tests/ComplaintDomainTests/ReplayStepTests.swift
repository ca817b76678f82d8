import Foundation
import Testing

@testable import ComplaintDomain

/// A start-up replay folds each event with one `ComplaintState.replay` call; what it builds must
/// equal the state folded event by event with `evolve`, as the service did before.
@Suite("Replay step")
struct ReplayStepTests {
    /// `log` folded both ways; cold complaints an event needs whole are folded back from the
    /// events before it, as the service reads them back from the log.
    static func foldedBothWays(_ log: [DomainEvent], policy: WorkflowPolicy) -> (replayed: ComplaintState, evolved: ComplaintState, broughtBack: Int)
    {
        var replayed = ComplaintState(policy: policy)
        var evolved = ComplaintState(policy: policy)
        var broughtBack = 0
        for (index, event) in log.enumerated() {
            switch replayed.replay(event) {
            case .folded: break
            case .needsHistory(let slot):
                broughtBack += 1
                replayed.book.hydrate(Harness.fold(replayed.book.id(ofSlot: slot), Array(log[..<index]))!)
                replayed.evolve(event, slot: slot, keepingWhole: false)
            }
            if let slot = evolved.book.needsHistory(event) {
                evolved.book.hydrate(Harness.fold(evolved.book.id(ofSlot: slot), Array(log[..<index]))!)
            }
            evolved.evolve(event, keepingWhole: false)
        }
        return (replayed, evolved, broughtBack)
    }

    @Test func aReplayBuildsTheSameBookIndexesAndReportsAsEvolving() throws {
        var policy = WorkflowPolicy()
        policy.approvalRequiredForMinor = false
        let h = ReportLedgerTests.simulate(seed: 23, complaints: 250)
        let (replayed, evolved, _) = Self.foldedBothWays(h.log, policy: policy)
        #expect(replayed.book.count == evolved.book.count && replayed.book.count >= 200)
        #expect(replayed.book.hotCount == evolved.book.hotCount)
        for slot in 0..<evolved.book.count {
            #expect(replayed.book.record(at: slot) == evolved.book.record(at: slot), "slot \(slot)")
            let id = evolved.book.id(ofSlot: slot)
            #expect(replayed.book.complaint(id: id) == evolved.book.complaint(id: id), "\(id)")
        }
        let a = replayed.reportTotals
        let b = evolved.reportTotals
        #expect(a.received == b.received && a.byStatusSeverity == b.byStatusSeverity && a.clockStates == b.clockStates)
        #expect(a.escalations == b.escalations && a.upgrades == b.upgrades)
        #expect(replayed.indexes.workers == evolved.indexes.workers)
        for period in [ReportPeriod.weekly("2026-W45")!, .daily("2026-11-03")!, .monthly("2026-11")!] {
            #expect(replayed.periodReport(period) == evolved.periodReport(period), "\(period.label)")
        }
        for status in ComplaintStatus.allCases {
            let query = ComplaintQuery(status: status)
            let replayedSlots = try replayed.list(query, within: .unrestricted, coldText: { _ in nil }).get().slots
            #expect(replayedSlots == (try evolved.list(query, within: .unrestricted, coldText: { _ in nil }).get().slots), "\(status)")
        }
    }

    @Test func anEventForAColdComplaintAsksForItsHistoryFirst() throws {
        var h = Harness()
        let closed = try HotColdTests.closedMinor(&h, unit: "606")
        // A fact that reaches the closed complaint beyond its version (as a late follow-up visit
        // does): the replay must bring it back whole first.
        h.advance(86_400)
        h.log.append(.linked(.init(complaintID: closed, at: h.now, actor: Staff.receptionist, incidentID: "LIFT-9")))
        let (replayed, evolved, broughtBack) = Self.foldedBothWays(h.log, policy: WorkflowPolicy())
        #expect(broughtBack == 1)
        let slot = try #require(evolved.book.slot(of: closed))
        #expect(replayed.book.record(at: slot) == evolved.book.record(at: slot))
        #expect(replayed.book.record(at: slot).version == UInt32(Harness.fold(closed, h.log)!.version))
        #expect(replayed.book.record(at: slot).flagSet.contains(.inIncident) && replayed.book.isCold(id: closed))
    }

    @Test func anEventForAnUnknownComplaintChangesNothing() throws {
        var h = Harness()
        let id = try h.register()
        var state = ComplaintState()
        guard case .folded(let slot) = state.replay(h.log[0]) else {
            Issue.record("a registration never needs history")
            return
        }
        #expect(slot == 0 && state.book.count == 1)
        try h.run(.viewContact(id: id), by: Staff.supervisor)
        var empty = ComplaintState()
        guard case .folded(let none) = empty.replay(h.log[h.log.count - 1]) else {
            Issue.record("an unknown complaint needs no history")
            return
        }
        #expect(none == nil && empty.book.count == 0)
    }

    @Test func aRegistrationKeepsTheWholeComplaintOnlyWhenAsked() throws {
        var h = Harness()
        _ = try h.register()
        let registration = h.log[0]
        var kept = ComplaintState()
        let change = kept.evolve(registration, keepingWhole: true)
        #expect(change?.whole?.id == registration.complaintID)
        var replayed = ComplaintState()
        let quiet = replayed.evolve(registration, keepingWhole: false)
        #expect(quiet != nil && quiet?.whole == nil && quiet?.after == change?.after)
        #expect(replayed.book.complaint(id: registration.complaintID) == kept.book.complaint(id: registration.complaintID))
    }
}
