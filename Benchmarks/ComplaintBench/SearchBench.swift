import ComplaintDomain
import Foundation

/// `ComplaintBench search N`: registers N complaints of the generator's company (its owners,
/// homes, phones and words; 95 % then closed, so they are cold), then measures the search
/// indexes: bytes per complaint, the time to rebuild them when a snapshot loads, and p50/p99 of
/// each kind of search in the domain (no HTTP).
func measureSearch(count: Int) {
    var state = ComplaintState(policy: WorkflowPolicy())
    state.book.reserveCapacity(count)
    let planner = makePlanner(count: count, seed: 20_261_122)
    let receptionist = Actor(id: "rita", role: .receptionist)
    let director = Actor(id: "dora", role: .director)
    let origin = Date(timeIntervalSince1970: 1_700_000_000)
    var people: [ComplainantInput] = []
    let started = Date()
    for i in 0..<count {
        let now = origin.addingTimeInterval(Double(i) * 90)
        let sequence = state.book.nextSequence
        let fate = planner.plan(sequence: sequence, at: Int64(now.timeIntervalSince1970), preset: nil)
        var input = planner.registration(fate, sequence: sequence, at: Int64(now.timeIntervalSince1970), incidentKey: nil)
        input.resolvedOnSpot = nil
        input.requestedBy = nil
        guard
            case .success(let events) = state.book.decide(
                .register(input, sequence: sequence, trackingCode: planner.trackingCode(sequence: sequence)),
                by: receptionist, now: now)
        else { continue }
        state.evolve(events)
        if i % 97 == 0, let person = input.complainant { people.append(person) }
        let id = events[0].complaintID
        if i % 20 != 0,
            case .success(let explained) = state.book.decide(
                .assess(id: id, AssessmentInput(valid: false, explanation: "不属于物业服务范围")), by: director, now: now)
        {
            state.evolve(explained)  // explained: closed, so cold
        }
    }
    print(String(format: "search: %d complaints (%d hot) folded in %.1f s", count, state.book.hotCount, Date().timeIntervalSince(started)))
    let bytes = state.indexes.search.memoryBytes
    print(
        String(
            format: "  search indexes: %.1f MB, %.1f bytes per complaint (compact record: %d bytes)", Double(bytes) / 1e6,
            Double(bytes) / Double(count), MemoryLayout<CompactComplaint>.stride))
    let snapshot = state.snapshot
    var t = Date()
    let restored = ComplaintState(policy: WorkflowPolicy(), restoring: snapshot)
    print(String(format: "  snapshot restore (book, every index, ledger): %.0f ms", Date().timeIntervalSince(t) * 1000))
    t = Date()
    let rebuilt = ComplaintState.rebuildSearchIndexes(restored)
    print(String(format: "  of which the search indexes alone: %.0f ms (%d bytes)", Date().timeIntervalSince(t) * 1000, rebuilt))

    var rng = SystemRandomNumberGenerator()
    func term(_ box: String) -> SearchTerm? { SearchTerm.parse(box) { restored.indexes.search.hasOwner(named: $0, strings: restored.book.strings) } }
    func time(_ label: String, _ make: () -> ComplaintQuery) {
        var samples: [Double] = []
        var totals = 0
        for _ in 0..<2_000 {
            let query = make()
            let t = DispatchTime.now().uptimeNanoseconds
            let page = try? restored.list(query).get()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            totals += page?.total ?? 0
        }
        samples.sort()
        print(String(format: "  %@: p50 %.3f ms, p99 %.3f ms, mean total %.0f", label, samples[1_000], samples[1_980], Double(totals) / 2_000))
    }
    func pick() -> ComplainantInput { people[Int.random(in: 0..<people.count, using: &rng)] }
    func searching(_ box: String, _ extra: (inout ComplaintQuery) -> Void = { _ in }) -> ComplaintQuery {
        var query = ComplaintQuery()
        if let term = term(box) { query.search = [term] }
        extra(&query)
        return query
    }
    time("phone, whole number") { searching(pick().phone ?? "") }
    time("phone, last four digits") { searching(String((pick().phone ?? "0000").suffix(4))) }
    time("owner's name") { searching(pick().name ?? "") }
    time("home (3-1202), every estate") {
        let p = pick()
        return searching((p.building ?? "") + "-" + (p.unit ?? ""))
    }
    time("home in one estate") {
        let p = pick()
        return searching((p.building ?? "") + "-" + (p.unit ?? "")) { $0.estate = p.estate }
    }
    time("filtered page: estate + status + severity") {
        var query = ComplaintQuery(status: .explained, estate: pick().estate)
        query.severities = [.minor, .important]
        return query
    }
    time("open ones of a building, by due time") {
        let p = pick()
        var query = ComplaintQuery(estate: p.estate, building: p.building)
        query.statuses = [.received, .assessed]
        query.sort = ListSort(.due, descending: false)
        return query
    }
}

extension ComplaintState {
    /// Builds the search indexes again from the compact records (what a snapshot load does for
    /// them); returns their size so the work is not optimised away.
    static func rebuildSearchIndexes(_ state: ComplaintState) -> Int {
        var indexes = SearchIndexes()
        for slot in 0..<state.book.count { indexes.insert(slot, state.book.record(at: slot), strings: state.book.strings) }
        return indexes.memoryBytes
    }
}
