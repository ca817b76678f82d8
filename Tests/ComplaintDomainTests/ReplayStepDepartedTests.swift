import Foundation
import Testing

@testable import ComplaintDomain

/// A replay hands each complaint that closes for good out of the fold (the service frees them on
/// another thread): exactly those, each whole as it closed, and the state it leaves is the one a
/// fold that frees them in place builds.
@Suite("Replay step: departed complaints")
struct ReplayStepDepartedTests {
    @Test func theComplaintsThatCloseForGoodAreHandedOutWholeAndTheStateIsUnchanged() throws {
        var h = Harness()
        let open = try h.make(.dispatched)
        let first = try HotColdTests.closedMinor(&h, unit: "808")
        let second = try HotColdTests.closedMinor(&h, unit: "909")
        var handing = ComplaintState(policy: WorkflowPolicy())
        var freeing = ComplaintState(policy: WorkflowPolicy())
        var departed: [Complaint] = []
        var departedAt: [Int] = []
        for (index, event) in h.log.enumerated() {
            let before = departed.count
            guard case .folded = handing.replay(event, departed: &departed), case .folded = freeing.replay(event) else {
                Issue.record("no complaint here needs its history")
                return
            }
            if departed.count > before { departedAt.append(index) }
        }
        // Each handed out by the event that closed it, whole as the log folds it.
        #expect(departed.map(\.id) == [first, second])
        #expect(departed.first == Harness.fold(first, h.log) && departed.last == Harness.fold(second, h.log))
        #expect(departedAt.map { h.log[$0].complaintID } == [first, second])
        #expect(departed.allSatisfy { $0.status == .closed })
        // The same book either way: the closed ones cold, the open one whole.
        #expect(handing.book.count == 3 && handing.book.hotCount == 1 && freeing.book.hotCount == 1)
        #expect(handing.book.isCold(id: first) && handing.book.isCold(id: second))
        #expect(handing.book.complaint(id: open) == freeing.book.complaint(id: open))
        for slot in 0..<handing.book.count {
            #expect(handing.book.record(at: slot) == freeing.book.record(at: slot), "slot \(slot)")
        }
        let a = handing.reportTotals
        let b = freeing.reportTotals
        #expect(a.received == b.received && a.byStatusSeverity == b.byStatusSeverity && a.clockStates == b.clockStates)
    }
}
