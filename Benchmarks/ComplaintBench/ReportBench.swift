import ComplaintDomain
import Foundation

/// `ComplaintBench report N`: folds N complaints received over 60 days (most moved along the
/// workflow), then times weekly, daily and monthly reports from the ledger, and the old scanning report.
func measureReports(count: Int) {
    var state = ComplaintState(policy: WorkflowPolicy())
    state.book.reserveCapacity(count)
    let planner = makePlanner(count: count, seed: 20_261_122)
    var generator = (rng: SplitMix(seed: 20_261_122), planner: planner)
    let director = Actor(id: "dora", role: .director)
    let receptionist = Actor(id: "rita", role: .receptionist)
    let handler = Actor(id: "hank", role: .handler, department: .engineering)
    let manager = Actor(id: "mona", role: .manager)
    let origin = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-22
    func run(_ command: Command, _ actor: Actor, _ now: Date) {
        if case .success(let events) = state.book.decide(command, by: actor, now: now) { state.evolve(events) }
    }
    let t0 = Date()
    for i in 0..<count {
        let now = origin.addingTimeInterval(Double(i) * 60 * 86400 / Double(count))
        let sequence = state.book.nextSequence
        let code = planner.trackingCode(sequence: sequence)
        let fate = planner.plan(sequence: sequence, at: Int64(now.timeIntervalSince1970), preset: nil)
        var input = planner.registration(fate, sequence: sequence, at: Int64(now.timeIntervalSince1970), incidentKey: nil)
        input.resolvedOnSpot = nil
        input.requestedBy = nil
        run(.register(input, sequence: sequence, trackingCode: code), receptionist, now)
        guard let id = state.book.complaint(trackingCode: code)?.id else { continue }
        let depth = generator.rng.next(10)
        let severity = [Severity.minor, .important, .major][generator.rng.next(3)]
        if depth >= 2 {
            run(.assess(id: id, AssessmentInput(valid: true, severity: severity, nature: .dissatisfaction)), director, now.addingTimeInterval(60))
        }
        if depth >= 3 {
            run(
                .dispatch(id: id, DispatchInput(department: .engineering, handler: "hank")), receptionist,
                now.addingTimeInterval(Double(60 + generator.rng.next(1200))))
        }
        if depth >= 4 { run(.acknowledge(id: id, NoteInput()), handler, now.addingTimeInterval(1500)) }
        if depth >= 5 {
            run(
                .resolve(id: id, ResolutionInput(measures: "更换零件", result: "已修复")), handler,
                now.addingTimeInterval(Double(3600 + generator.rng.next(86_400))))
        }
        if depth >= 6 { run(.approve(id: id, NoteInput()), manager, now.addingTimeInterval(90_000)) }
        if depth >= 7 { run(.reply(id: id, ReplyInput(content: "已处理完毕")), receptionist, now.addingTimeInterval(91_000)) }
        if depth >= 8 {
            run(
                .visit(id: id, VisitInput(outcome: .reachable, solved: true, satisfied: generator.rng.next(5) != 0, method: .phone)), receptionist,
                now.addingTimeInterval(100_000))
        }
        if depth >= 9 {
            run(.close(id: id, CloseInput(cause: "老化", lessons: "巡检", preventiveAction: "每月检查")), receptionist, now.addingTimeInterval(110_000))
        }
    }
    let fold = Date().timeIntervalSince(t0)
    func time(_ label: String, _ body: () -> Int) {
        var samples: [Double] = []
        var received = 0
        for _ in 0..<21 {
            let t = Date()
            received = body()
            samples.append(Date().timeIntervalSince(t) * 1000)
        }
        samples.sort()
        print(String(format: "  %@: median %.2f ms, max %.2f ms (%d complaints received in the period)", label, samples[10], samples[20], received))
    }
    print(String(format: "report: %d complaints folded in %.1f s", count, fold))
    let week = ReportPeriod.weekly("2026-W42")!  // mid-October, inside the 60 days
    time("weekly report 2026-W42, all estates") { state.periodReport(week).received }
    let estate = planner.estates.estates[0].name
    time("weekly report 2026-W42, estate \(estate)") { state.periodReport(week, estate: estate).received }
    time("daily report 2026-10-14") { state.periodReport(ReportPeriod.daily("2026-10-14")!).received }
    time("monthly report 2026-10, all estates") { state.periodReport(ReportPeriod.monthly("2026-10")!).received }
}
