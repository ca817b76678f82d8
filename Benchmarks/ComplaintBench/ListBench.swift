import ComplaintDomain
import Foundation

/// `ComplaintBench lists N`: folds N complaints over 8 estates, each dispatched to its
/// category's department, then times a page of the list for scoped readers against a scan of
/// every complaint (what a per-complaint scope filter without the indexes would cost).
func measureLists(count: Int) {
    var state = ComplaintState(policy: WorkflowPolicy())
    state.book.reserveCapacity(count)
    let planner = makePlanner(count: count, seed: 20_261_122)
    let director = Actor(id: "dora", role: .director)
    let receptionist = Actor(id: "rita", role: .receptionist)
    let origin = Date(timeIntervalSince1970: 1_790_000_000)
    for i in 0..<count {
        let now = origin.addingTimeInterval(Double(i) * 30)
        let sequence = state.book.nextSequence
        guard let (events, input) = registerPlanned(planner, at: now, by: receptionist, into: &state) else { continue }
        let id = events[0].complaintID
        guard sequence % 4 != 0,
            case .success(let assessed) = state.book.decide(
                .assess(id: id, AssessmentInput(valid: true, severity: .minor)), by: director, now: now)
        else { continue }
        state.evolve(assessed)
        let department = input.category ?? .other
        if case .success(let dispatched) = state.book.decide(
            .dispatch(id: id, DispatchInput(department: department, handler: "h-\(department.rawValue)")),
            by: receptionist, now: now)
        {
            state.evolve(dispatched)
        }
    }
    func time(_ label: String, _ body: () -> Int) {
        var samples: [Double] = []
        var found = 0
        for _ in 0..<15 {
            let t = Date()
            found = body()
            samples.append(Date().timeIntervalSince(t) * 1000)
        }
        samples.sort()
        print(String(format: "  %@: median %.3f ms (%d items)", label, samples[7], found))
    }
    let everyone = AccessScope.unrestricted
    let oneEstate = AccessScope(actor: receptionist, estates: ["翠苑小区"])
    let twoEstates = AccessScope(actor: receptionist, estates: ["翠苑小区", "金色家园"])
    let cleaning = AccessScope(actor: Actor(id: "h-x", role: .handler, department: .cleaningGreening), estates: [])
    let cleaningOneEstate = AccessScope(actor: Actor(id: "h-y", role: .departmentHead, department: .cleaningGreening), estates: ["世纪城"])
    func page(_ query: ComplaintQuery, _ scope: AccessScope) -> Int { (try? state.list(query, within: scope).get().slots.count) ?? -1 }
    print("lists: \(count) complaints, 8 estates, 6 categories")
    for (name, scope) in [
        ("unrestricted", everyone), ("1 estate", oneEstate), ("2 estates", twoEstates),
        ("department (cleaning)", cleaning), ("department + 1 estate", cleaningOneEstate),
    ] {
        time("\(name): newest 50") { page(ComplaintQuery(limit: 50), scope) }
        time("\(name): status=dispatched, 50") { page(ComplaintQuery(status: .dispatched, limit: 50), scope) }
        time("\(name): text matching nothing (every candidate checked)") { page(ComplaintQuery(text: "无此内容", limit: 50), scope) }
    }
    time("brute force: list everything, keep the scope's (department + 1 estate)") {
        var kept = 0
        var query = ComplaintQuery(limit: 200)
        while let page = try? state.list(query).get() {
            kept += page.slots.filter { state.isVisible($0, to: cleaningOneEstate) }.count
            guard let next = page.nextCursor else { break }
            query.cursor = next
        }
        return kept
    }
}
