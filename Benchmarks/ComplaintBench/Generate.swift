import ComplaintDomain
import EventStore
import Foundation

/// Registers the planner's next complaint at `now` at the front desk (not resolved on the spot,
/// not on anyone's behalf) and folds it into `state`: its events and what was registered, nil
/// when refused. The in-memory benchmarks fill their books with it.
func registerPlanned(_ planner: Planner, at now: Date, by receptionist: Actor, into state: inout ComplaintState)
    -> (events: [DomainEvent], input: RegistrationInput)?
{
    let sequence = state.book.nextSequence
    let at = Int64(now.timeIntervalSince1970)
    var input = planner.registration(planner.plan(sequence: sequence, at: at, preset: nil), sequence: sequence, at: at, incidentKey: nil)
    input.resolvedOnSpot = nil
    input.requestedBy = nil
    let code = planner.trackingCode(sequence: sequence)
    guard case .success(let events) = state.book.decide(.register(input, sequence: sequence, trackingCode: code), by: receptionist, now: now)
    else { return nil }
    state.evolve(events)
    return (events, input)
}

/// The company the generator simulates: estates, staff and topics for `count` complaints.
func makePlanner(count: Int, seed: UInt64) -> Planner {
    let estateCount = EstateDirectory.estateCount(forComplaints: count)
    let centers = min(10, estateCount)
    return Planner(
        seed: seed, topics: TopicCatalog(), estates: EstateDirectory(count: estateCount, centers: centers, seed: seed),
        roster: Roster(centers: centers))
}

/// The planners and settings of each shard: every `shards`-th estate, a seed of its own, and a
/// share of the count in proportion to its estates' homes.
func makeShards(_ settings: GeneratorSettings, planner: Planner) -> [(GeneratorSettings, Planner)] {
    let shards = max(1, settings.shards)
    let parts = (0..<shards).map { planner.estates.shard($0, of: shards) }
    let homes = parts.map { planner.estates.homes(of: $0.members) }
    let total = homes.reduce(0, +)
    var assigned = 0
    return (0..<shards).map { index in
        var own = settings
        own.count = index == shards - 1 ? settings.count - assigned : settings.count * homes[index] / max(1, total)
        assigned += own.count
        if shards > 1 {
            var rng = SplitMix(settings.seed, 0x5A4D, UInt64(index))
            own.seed = rng.nextRaw()
        }
        var shardPlanner = Planner(seed: own.seed, topics: planner.topics, estates: planner.estates, roster: planner.roster)
        shardPlanner.shard = parts[index]
        shardPlanner.shards = shards
        shardPlanner.shardIndex = index
        return (own, shardPlanner)
    }
}

/// Runs one simulation per shard, each on a thread of its own, and merges their events by time
/// into `writer` on the calling thread; returns the finished simulations, the merge's numbering
/// and the records handed to the writer (call `writer.finish()` after).
func simulateShards(
    _ settings: GeneratorSettings, planner: Planner, writer: LogWriter, progress: (Int, UInt64) -> Void = { _, _ in }
) -> (simulations: [Simulation], merge: ShardMerge, records: UInt64) {
    let simulations = makeShards(settings, planner: planner).map {
        Simulation(settings: $0.0, planner: $0.1, outbox: ShardOutbox())
    }
    let group = DispatchGroup()
    for simulation in simulations {
        group.enter()
        let thread = Thread {
            simulation.run()
            group.leave()
        }
        thread.stackSize = 16 << 20
        thread.start()
    }
    var merge = ShardMerge(shards: simulations.count)
    let records = merge.run(simulations.map(\.outbox), into: writer, batchSize: settings.batchSize, progress: progress)
    group.wait()
    return (simulations, merge, records)
}

/// `ComplaintBench generate DIR N`: simulates the history (estate shards on threads of their
/// own, merged by time), writes the log and `staff.json`, and prints what the history holds and
/// where the time went.
func generate(_ settings: GeneratorSettings, verify: Bool) throws {
    let started = DispatchTime.now().uptimeNanoseconds
    func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
    let planner = makePlanner(count: settings.count, seed: settings.seed)
    let writer = try LogWriter(directory: settings.directory, encoders: settings.encoders)
    let iso = ISO8601DateFormatter()
    print(
        "generating \(settings.count) complaints into \(settings.directory): seed \(settings.seed), now \(settings.now) "
            + "(\(iso.string(from: Date(timeIntervalSince1970: Double(settings.now))))), \(planner.estates.estates.count) estates, "
            + "\(planner.roster.everyone.count) staff, \(settings.shards) simulation shard(s), \(settings.encoders) encoding thread(s)")
    let (simulations, merge, records) = simulateShards(settings, planner: planner, writer: writer) { complaints, events in
        let t = elapsed()
        print(String(format: "  %d complaints, %d events, %.0f s (%.0f complaints/s)", complaints, events, t, Double(complaints) / t))
        fflush(nil)  // progress shows even when stdout is a file
    }
    let simulated = elapsed()
    let mergeCPU = threadCPUSeconds()
    try writer.finish()
    let written = elapsed()
    try planner.roster.writeConfig(to: settings.directory + "/staff.json", seed: settings.seed)

    // Complaints still open are those with a step of the workflow still ahead of them.
    var open: [ComplaintStatus: Int] = [:]
    var summary = Summary()
    for simulation in simulations {
        var seen = Set<String>()
        for step in simulation.heap.pending where !step.id.isEmpty && seen.insert(step.id).inserted {
            if let status = simulation.book.complaint(id: step.id)?.status, status != .closed { open[status, default: 0] += 1 }
        }
        summary.add(simulation.summary)
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    let simulationCPU = simulations.map(\.cpuSeconds)
    print(
        String(
            format: "generated %d complaints, %d events (%.1f per complaint), %.0f MB in %d segments, in %.1f s: "
                + "%.0f events/s, %.0f complaints/s",
            summary.complaints, records, Double(records) / Double(max(1, summary.complaints)),
            Double(writer.bytesWritten) / 1e6, writer.segments, written,
            Double(records) / written, Double(summary.complaints) / written))
    print(
        String(
            format: "  time: simulation %.1f s wall, %@ s CPU in %d shard(s) (decide, evolve, plan); merge %.1f s CPU, "
                + "%.1f s waiting for the encoders; encoding %.1f s CPU on %d thread(s); after the simulation %.1f s; "
                + "process CPU %.1f s",
            simulated, simulationCPU.map { String(format: "%.1f", $0) }.joined(separator: " + "), simulations.count, mergeCPU,
            writer.waitSeconds, writer.encodeSeconds, settings.encoders, written - simulated, cpu))
    for line in summary.lines(openByStatus: open) { print(line) }
    // What a service started now would find: nothing overdue, only clocks that fall due later.
    let now = Date(timeIntervalSince1970: Double(settings.now))
    func due(_ at: Date) -> Int { simulations.reduce(0) { $0 + $1.book.dueDeadlines(now: at).count } }
    let overdue = due(now)
    let nextHour = due(now.addingTimeInterval(3_600))
    let nextDay = due(now.addingTimeInterval(86_400))
    let next = simulations.compactMap { $0.book.nextDeadline }.min().map { String(format: "%.0f s after now", $0.timeIntervalSince(now)) } ?? "none"
    print("  clocks at now: \(overdue) unfired and due; next one \(next); \(nextHour) fall due in the next hour, \(nextDay) in 24 h")
    let peak = simulations.reduce(0) { $0 + $1.heap.peak }
    print(
        String(
            format: "  generator state: at most %d steps waiting (%.1f MB); the books hold the complaints",
            peak, Double(peak * MemoryLayout<Step>.stride) / 1e6))
    print("  staff: \(settings.directory)/staff.json (token of each user: <id>-token-0123456789)")
    if verify {
        try verifyLog(settings.directory, records: records) { store in
            // Each complaint's history is reachable from its newest record through the `prev` links.
            for (shard, simulation) in simulations.enumerated() {
                let count = simulation.book.count
                for slot in stride(from: 0, to: count, by: max(1, count * simulations.count / 2_000)) {
                    let id = merge.finalID(simulation.book.id(ofSlot: slot), shard: shard)
                    guard let head = writer.head(ofStream: streamNumber(id)) else { throw GeneratorError("no record of \(id) was written") }
                    guard case .success(let records) = store.readChain(segment: head.segment, offset: head.offset, stream: id),
                        records.first?.type == "complaint.registered", records.dropFirst().allSatisfy({ $0.previous != nil })
                    else {
                        throw GeneratorError("the history of \(id) does not link back to its registration")
                    }
                }
            }
        }
        let refusals = summary.refusals.values.reduce(0, +)
        guard refusals == 0 else { throw GeneratorError("decide refused \(refusals) generated steps (a generator bug)") }
        guard overdue == 0 else { throw GeneratorError("\(overdue) clocks were due at now and never fired") }
        guard summary.closed * 100 >= summary.complaints * 95 else { throw GeneratorError("fewer than 95 % of the complaints are closed") }
    }
}

/// Opens the directory with the event store (full recovery scan) and checks the record count;
/// `--verify` also fails the run on any refusal, unfired overdue clock or a closed share under 95 %.
func verifyLog(_ directory: String, records: UInt64, check: (EventStore) throws -> Void = { _ in }) throws {
    let started = Date()
    var configuration = StoreConfiguration(directory: directory)
    configuration.fsyncPolicy = .never
    let store = try EventStore.open(configuration, now: { Int64(Date().timeIntervalSince1970 * 1000) }, log: { _, _, _ in })
    let last = store.lastSequence
    defer { store.close() }
    try check(store)
    guard last == records else { throw GeneratorError("the store recovered \(last) records, expected \(records)") }
    print(String(format: "  verified: the event store opens the log (%d records) in %.1f s", last, Date().timeIntervalSince(started)))
}
