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
        let restored = ComplaintBook(policy: harness.book.policy, restoring: harness.book.snapshotComplaints)
        #expect(restored.count == harness.book.count)
        #expect(restored.nextSequence == harness.book.nextSequence)
        for id in ids {
            #expect(restored.complaint(id: id) == harness.book.complaint(id: id))
            let code = harness.book.complaint(id: id)!.trackingCode
            #expect(restored.complaint(trackingCode: code)?.id == id)
        }
        let later = harness.now.addingTimeInterval(30 * 86400)
        #expect(restored.dueDeadlines(now: later).map(\.complaintID) == harness.book.dueDeadlines(now: later).map(\.complaintID))
        #expect(restored.nextDeadline == harness.book.nextDeadline)
        for status in ComplaintStatus.allCases {
            var query = ComplaintQuery()
            query.status = status
            let a = try restored.list(query).get().items.map(\.id)
            let b = try harness.book.list(query).get().items.map(\.id)
            #expect(a == b, "status \(status)")
        }
        #expect(restored.visitsDue(before: later) == harness.book.visitsDue(before: later))
        #expect(restored.openEscalations(now: later) == harness.book.openEscalations(now: later))
        // Folding more events continues identically on both.
        var original = harness.book
        var copy = restored
        let id = ids[0]
        let event = try original.decide(.progress(id: id, ProgressInput(text: "note", public: true)), by: Staff.receptionist, now: later)
        if case .success(let events) = event {
            original.evolve(events)
            copy.evolve(events)
            #expect(copy.complaint(id: id) == original.complaint(id: id))
        }
    }
}
