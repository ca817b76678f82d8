import ComplaintDomain
import Foundation

/// `ComplaintBench scheduler N`: registers N complaints (the generator's owners and matters,
/// one a millisecond), then times `nextDeadline` and `dueDeadlines` with N armed dispatch clocks.
func measureScheduler(count: Int) {
    var book = ComplaintBook(policy: WorkflowPolicy())
    book.reserveCapacity(count)
    let planner = makePlanner(count: count, seed: 20_261_122)
    let receptionist = Actor(id: "rita", role: .receptionist)
    let origin = Date()
    let t0 = Date()
    for i in 0..<count {
        let now = origin.addingTimeInterval(Double(i) * 0.001)
        let sequence = book.nextSequence
        let fate = planner.plan(sequence: sequence, at: Int64(now.timeIntervalSince1970), preset: nil)
        var input = planner.registration(fate, sequence: sequence, at: Int64(now.timeIntervalSince1970), incidentKey: nil)
        input.resolvedOnSpot = nil
        input.requestedBy = nil
        let command = Command.register(input, sequence: sequence, trackingCode: planner.trackingCode(sequence: sequence))
        if case .success(let events) = book.decide(command, by: receptionist, now: now) { book.evolve(events) }
    }
    let fold = Date().timeIntervalSince(t0)
    var t = Date()
    var next: Date?
    for _ in 0..<1000 { next = book.nextDeadline }
    let nextCost = Date().timeIntervalSince(t) / 1000
    t = Date()
    let noneDue = book.dueDeadlines(now: origin)
    let emptyScan = Date().timeIntervalSince(t)
    t = Date()
    let due = book.dueDeadlines(now: origin.addingTimeInterval(600 + 1))  // the first second's worth of dispatch clocks
    let dueCost = Date().timeIntervalSince(t)
    print(
        String(
            format:
                "scheduler: %d armed dispatch deadlines; fold %.2f s; nextDeadline %.2f µs (%@); dueDeadlines with none due %.3f ms (%d); with %d due %.3f ms",
            count, fold, nextCost * 1e6, next.map { "\($0)" } ?? "-", emptyScan * 1000, noneDue.count, due.count, dueCost * 1000))
}
