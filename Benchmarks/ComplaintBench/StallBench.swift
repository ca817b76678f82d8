import ComplaintDomain
import Foundation

/// `ComplaintBench stall N`: folds N open complaints, then, five times, takes a state snapshot
/// (kept alive, as the snapshot writer keeps it while it streams) and times the commands after
/// it: the first registration and the first change to an older open complaint pay for whatever
/// the snapshot's copy-on-write share makes the live state copy, under the service's lock.
func measureSnapshotStall(count: Int) {
    // Five rounds of 201 assessments and 2,000 more take older open complaints one by one.
    guard count >= 5_000 else { return print("stall: N must be at least 5000 (the rounds assess 3,005 older complaints)") }
    var state = ComplaintState(policy: WorkflowPolicy())
    state.book.reserveCapacity(count)
    let planner = makePlanner(count: count + 10_000, seed: 20_261_122)
    let director = Actor(id: "dora", role: .director)
    let receptionist = Actor(id: "rita", role: .receptionist)
    let origin = Date(timeIntervalSince1970: 1_790_000_000)
    var unassessed: [String] = []
    var step = 0
    /// Registers one complaint at the next second; its id.
    func register() -> String? {
        let now = origin.addingTimeInterval(Double(step))
        step += 1
        return registerPlanned(planner, at: now, by: receptionist, into: &state)?.events[0].complaintID
    }
    /// Assesses an older complaint; whether it was accepted.
    func assess(_ id: String) -> Bool {
        let now = origin.addingTimeInterval(Double(step))
        guard case .success(let events) = state.book.decide(.assess(id: id, AssessmentInput(valid: true, severity: .minor)), by: director, now: now)
        else { return false }
        state.evolve(events)
        return true
    }
    for _ in 0..<count {
        if let id = register() { unassessed.append(id) }
    }
    print("stall: \(state.book.count) complaints, \(state.book.hotCount) whole in memory")
    var generator = SystemRandomNumberGenerator()
    unassessed.shuffle(using: &generator)
    func ms(_ body: () -> Void) -> Double {
        let t = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
    }
    for round in 1...5 {
        let snapshot = state.snapshot
        let firstRegister = ms { _ = register() }
        let firstAssess = ms { _ = assess(unassessed.removeLast()) }
        var rest: [Double] = []
        for _ in 0..<200 {
            rest.append(ms { _ = register() })
            rest.append(ms { _ = assess(unassessed.removeLast()) })
        }
        rest.sort()
        withExtendedLifetime(snapshot) {}
        print(
            String(
                format:
                    "  round %d: first registration after the snapshot %.3f ms, first assessment %.3f ms; the next 400 commands median %.3f ms, max %.3f ms",
                round, firstRegister, firstAssess, rest[rest.count / 2], rest[rest.count - 1]))
    }
    // A command folded on an open complaint with no snapshot alive: decide, then evolve.
    var folds: [Double] = []
    for _ in 0..<2_000 { folds.append(ms { _ = assess(unassessed.removeLast()) }) }
    folds.sort()
    print(String(format: "  assessment decided and folded, no snapshot alive: median %.0f ns", folds[folds.count / 2] * 1e6))
    // What `decide` alone costs on an open complaint (nothing folded): it reads the complaint
    // where the book holds it.
    let sample = Array(unassessed.suffix(1_000))
    let now = origin.addingTimeInterval(Double(step))
    var decided = 0
    var runs: [Double] = []
    for _ in 0..<5 {
        let t = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<20 {
            for id in sample {
                let command = Command.assess(id: id, AssessmentInput(valid: true, severity: .minor))
                if case .success = state.book.decide(command, by: director, now: now) { decided += 1 }
            }
        }
        runs.append(Double(DispatchTime.now().uptimeNanoseconds - t) / Double(20 * sample.count))
    }
    runs.sort()
    print(
        String(format: "  decide (an assessment, not folded): median %.0f ns each, 5 runs of %d (%d accepted)", runs[2], 20 * sample.count, decided))
}
