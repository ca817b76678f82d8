import ComplaintDomain
import Foundation

/// What `generate` was asked for.
struct GeneratorSettings {
    var directory: String
    var count: Int
    var seed: UInt64 = 20_261_122
    /// The generation's "now" (Unix seconds): the history ends here.
    var now: Int64
    /// Length of the history.
    var days: Int64 = 3 * 365
    /// Threads that encode events beside the simulation: one per core, since Foundation's encoder
    /// costs more than the simulation; idle ones just wait.
    var encoders: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Events handed to the encoders at a time.
    var batchSize = 4_096
    /// Simulations run side by side, each on its own estates with its own random stream; their
    /// events are merged by time into one log. The log depends on it (not on the cores), so a
    /// given seed, `--now` and shard count give the same log byte for byte.
    var shards = 2

    var start: Int64 { now - days * 86_400 }
}

/// A discrete-event simulation of the company's history: receipts arrive by the day's rhythm,
/// each complaint's next step waits in one heap ordered by time, and before anything happens at
/// time t the scheduler fires the deadlines due by t, as the service's would. Every step goes
/// through the domain's own `decide` and `evolve`, so the log is what the service would write.
final class Simulation: @unchecked Sendable {  // one thread runs it; read after it finished
    let settings: GeneratorSettings
    let planner: Planner
    /// The service's default workflow policy, which the book runs.
    let policy = WorkflowPolicy()
    var book: ComplaintBook
    private var arrivals: ArrivalStream
    var heap = StepHeap()
    /// Where finished batches go: the merge takes them in time order with the other shards'.
    let outbox: ShardOutbox
    var summary = Summary()
    private var batch: ShardBatch
    private var logSequence: UInt64 = 0
    /// Registrations owed to the arrival stream: an incident's neighbours and repeats are extra
    /// receipts, so the stream skips as many to keep the total at `count`.
    private var deficit = 0
    /// The time of the latest event: the log's times never go back.
    var clock: Int64

    var roster: Roster { planner.roster }

    /// `settings` of this shard (its seed and share of the count), `planner` over its estates.
    init(settings: GeneratorSettings, planner: Planner, outbox: ShardOutbox) {
        self.settings = settings
        self.planner = planner
        self.outbox = outbox
        book = ComplaintBook(policy: policy)
        book.reserveCapacity(settings.count)
        arrivals = ArrivalStream(
            count: settings.count, from: settings.start, to: settings.now, seed: settings.seed,
            monthly: planner.topics.monthlyVolume)
        clock = settings.start
        batch = ShardBatch(capacity: settings.batchSize)
    }

    /// CPU seconds the simulation took (its thread's), once `run` returned.
    private(set) var cpuSeconds = 0.0

    /// Runs the history up to `now`, then hands the last events to the merge and closes the outbox.
    func run() {
        let cpuBefore = threadCPUSeconds()
        while true {
            let arrival = arrivals.peek() ?? .max
            let step = heap.nextAt ?? .max
            let t = min(arrival, step)
            guard t < settings.now else { break }
            fireDue(upTo: t)
            if arrival <= step {
                _ = arrivals.next()
                if deficit > 0 {
                    deficit -= 1
                } else {
                    register(at: arrival, preset: nil)
                }
            } else {
                execute(heap.pop()!)
            }
        }
        fireDue(upTo: settings.now)
        flush()
        cpuSeconds = threadCPUSeconds() - cpuBefore
        outbox.close()
    }

    /// Whether an extra receipt (incident neighbour, repeat) at `t` fits in the history and the count.
    func mayAddReceipt(at t: Int64) -> Bool {
        guard t < settings.now, arrivals.remaining > deficit + 1 else { return false }
        deficit += 1
        return true
    }

    /// The scheduler: fires every deadline due by `t` as the `system` actor, each at its due time.
    private func fireDue(upTo t: Int64) {
        let limit = Date(timeIntervalSince1970: Double(t))
        for _ in 0..<8 {
            guard let next = withBook({ $0.nextDeadline }), next <= limit else { return }
            let due = withBook { $0.dueDeadlines(now: limit) }
            var fired = 0
            for deadline in due {
                let at = max(Int64(deadline.dueAt.timeIntervalSince1970.rounded(.up)), clock)
                if apply(deadline.command, by: roster.system, at: at) != nil { fired += 1 }
            }
            // An upgrade can arm a clock that is already due; nothing fired means nothing more will.
            if fired == 0 { return }
        }
    }

    /// Decides `command` as `actor` at `at`, applies and records its events, then runs the
    /// policies' follow-up commands (incident upgrades) as the service does. nil when refused.
    @discardableResult
    func apply(_ command: Command, by actor: Actor, at: Int64) -> [DomainEvent]? {
        let now = Date(timeIntervalSince1970: Double(at))
        switch withBook({ $0.decide(command, by: actor, now: now) }) {
        case .failure(let error):
            summary.refused(command, error)
            return nil
        case .success(let events):
            let followUps = withBook { book -> [Command] in
                book.evolve(events)
                return book.followUpCommands(after: events)
            }
            clock = max(clock, at)
            for event in events { emit(event, millis: at * 1000) }
            for followUp in followUps { apply(followUp, by: roster.system, at: at) }
            return events
        }
    }

    /// Runs `body` on the book in place: a plain read of a class's struct property may copy it
    /// (a retain and release of every array it holds) on each call.
    @inline(__always)
    func withBook<T>(_ body: (inout ComplaintBook) -> T) -> T { body(&book) }

    /// The complaint as it stands now (a copy).
    func complaint(_ id: String) -> Complaint? { withBook { $0.complaint(id: id) } }

    /// The compact record of the step's complaint (status, severity), without copying the whole
    /// complaint: a shard's book numbers its complaints 1, 2, 3 …, so complaint n is at slot n - 1.
    func record(_ step: Step) -> CompactComplaint? {
        withBook { book in
            let slot = Int(step.sequence) - 1
            guard slot >= 0, slot < book.count else { return nil }
            let record = book.record(at: slot)
            return record.sequence == step.sequence ? record : nil
        }
    }

    /// Records `event` (decided at `millis`, its `at`) for the merge, with its complaint's number in this shard.
    private func emit(_ event: DomainEvent, millis: Int64) {
        logSequence += 1
        summary.count(event)
        batch.events.append(event)
        batch.millis.append(millis)
        batch.locals.append(Int32(ComplaintBook.sequence(inID: event.complaintID) ?? 0))
        if batch.events.count >= settings.batchSize { flush() }
    }

    private func flush() {
        guard !batch.events.isEmpty else { return }
        outbox.put(batch)
        batch = ShardBatch(capacity: settings.batchSize)
    }

    /// The number of records this shard produced.
    var records: UInt64 { logSequence }

    /// Registers a complaint received at `t`: a fresh one, or an incident neighbour or repeat
    /// (`preset` fixes its owner and topic), and schedules what comes next.
    func register(at t: Int64, preset: Fate?) {
        let sequence = withBook { $0.nextSequence }
        var fate = planner.plan(sequence: sequence, at: t, preset: preset)
        var key: String?
        if fate.incidentFollowers > 0 { fate.incident = Int32(sequence) }
        if fate.incident != 0 && !fate.linkLater { key = incidentKey(fate.incident) }
        let input = planner.registration(fate, sequence: sequence, at: t, incidentKey: key)
        let estate = planner.estates.estates[Int(fate.home.estate)]
        let actor = fate.channel == .online ? roster.web : roster.receptionists[estate.center][sequence % 3]
        let command = Command.register(input, sequence: sequence, trackingCode: planner.trackingCode(sequence: sequence))
        guard let events = apply(command, by: actor, at: t), case .registered(let registered) = events[0] else { return }
        summary.registered(fate, repeatOf: registered.repeatOf)
        var step = Step(at: t, kind: .assess, target: t, sequence: Int32(sequence), id: registered.complaintID, fate: fate)
        var rng = SplitMix(settings.seed, UInt64(sequence), 0x5E6)
        if fate.outcome == .onSpot {
            step.kind = .reply
            step.at = t + rng.seconds(median: 900, sigma: 0.8, within: 120...3 * 3600)
        } else {
            step.at = assessTime(after: t, fate, &rng)
        }
        heap.push(step)
        if fate.linkLater {
            heap.push(
                Step(
                    at: t + rng.seconds(median: 3600, sigma: 0.7, within: 600...6 * 3600), kind: .link,
                    sequence: Int32(sequence), id: registered.complaintID, fate: fate))
        }
        if fate.incidentFollowers > 0 { scheduleNeighbours(of: fate, from: t, &rng) }
    }

    /// The neighbours who report the same cut or breakdown over the next hours.
    private func scheduleNeighbours(of fate: Fate, from t: Int64, _ rng: inout SplitMix) {
        let perBuilding = planner.estates.estates[Int(fate.home.estate)].homesPerBuilding
        summary.incidents += 1
        for member in 1...min(Int(fate.incidentFollowers), perBuilding - 1) {
            let at = t + rng.seconds(median: 2400, sigma: 0.9, within: 120...8 * 3600)
            guard mayAddReceipt(at: at) else { continue }
            var preset = Fate(home: planner.estates.neighbour(of: fate.home, member: member), topic: fate.topic)
            preset.incident = fate.incident
            preset.linkLater = rng.chance(0.3)
            heap.push(Step(at: at, kind: .register, fate: preset))
        }
    }

    /// The incident's key: numbered across shards, so two shards' incidents never share one.
    func incidentKey(_ incident: Int32) -> String { "INC-" + String(Int(incident) * planner.shards + planner.shardIndex) }
}
