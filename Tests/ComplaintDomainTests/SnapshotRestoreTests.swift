import Foundation
import Testing

@testable import ComplaintDomain

/// A book rebuilt from a snapshot of its complaints answers exactly like the one that folded the events.
struct SnapshotRestoreTests {
    @Test func restoredBookMatchesTheFoldedOne() throws {
        var harness = Harness()
        var ids: [String] = []
        for status in ComplaintStatus.allCases {
            for severity in Severity.allCases {
                ids.append(try harness.make(status, severity: severity))
                harness.advance(97)
            }
        }
        // One deadline already escalated, one still armed and overdue.
        harness.advance(3 * 3600)
        for due in harness.book.dueDeadlines(now: harness.now).prefix(3) {
            _ = try? harness.run(due.command, by: Staff.system)
        }
        var restoredHarness = harness
        restoredHarness.state = ComplaintState(policy: harness.book.policy, restoring: harness.state.snapshot)
        let restored = restoredHarness.book
        #expect(restored.count == harness.book.count)
        #expect(restored.hotCount == harness.book.hotCount)
        #expect(restored.nextSequence == harness.book.nextSequence)
        for id in ids {
            #expect(restored.complaint(id: id) == harness.book.complaint(id: id))
            #expect(restored.record(at: restored.slot(of: id)!) == harness.book.record(at: harness.book.slot(of: id)!))
            let code = harness.complaint(id).trackingCode
            switch restored.lookup(trackingCode: code) {
            case .hot(let found): #expect(found.id == id)
            case .cold(let slot, _): #expect(restored.id(ofSlot: slot) == id)
            case .missing: Issue.record("lost \(code)")
            }
        }
        let later = harness.now.addingTimeInterval(30 * 86400)
        #expect(restored.dueDeadlines(now: later).map(\.complaintID) == harness.book.dueDeadlines(now: later).map(\.complaintID))
        #expect(restored.nextDeadline == harness.book.nextDeadline)
        for status in ComplaintStatus.allCases {
            var query = ComplaintQuery()
            query.statuses = [status]
            let a = try restoredHarness.list(query).get().ids
            let b = try harness.list(query).get().ids
            #expect(a == b, "status \(status)")
        }
        #expect(restored.visitsDue(before: later) == harness.book.visitsDue(before: later))
        for period in [ReportPeriod.daily("2026-11-02")!, ReportPeriod.weekly("2026-W45")!] {
            #expect(restoredHarness.state.periodReport(period) == harness.state.periodReport(period))
        }
        #expect(
            restoredHarness.state.reportTotals.count(status: .closed, severity: .major)
                == harness.state.reportTotals.count(status: .closed, severity: .major))
        #expect(restored.openEscalations(now: later) == harness.book.openEscalations(now: later))
        // Folding more events continues identically on both.
        var original = harness.state
        var copy = restoredHarness.state
        let id = try #require(ids.first { harness.book.complaint(id: $0)?.status == .dispatched })
        let event = original.book.decide(.progress(id: id, ProgressInput(text: "note", public: true)), by: Staff.receptionist, now: later)
        let events = try event.get()
        original.evolve(events)
        copy.evolve(events)
        #expect(copy.book.complaint(id: id) == original.book.complaint(id: id))
    }
}
