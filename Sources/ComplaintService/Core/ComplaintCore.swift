import ComplaintDomain
import EventStore
import Foundation
import Synchronization
import Telemetry

/// Why a command did not produce a durable change.
enum CommandFailure: Error {
    /// The domain refused it (→ 4xx).
    case domain(DomainError)
    /// The store could not make it durable (→ 503, with Retry-After when a retry can succeed).
    case unavailable(String, retryAfterSeconds: Int?)
    /// An Idempotency-Key was reused with another body (→ 422) or is still in flight (→ 409).
    case idempotencyMismatch
    case idempotencyInFlight
    /// If-Match named another version (→ 412).
    case versionMismatch(current: Int)
}

/// What a successful command returns: the complaint as it is now durable, and the events.
struct CommandOutcome: Sendable {
    var complaint: Complaint?
    var events: [DomainEvent]
    var replayed = false
    /// What the command's actor may do next (computed under the same lock as the state it reflects).
    var allowedActions: [Action] = []
    /// For a staff registration: open complaints at the same unit and category that the caller
    /// may read (at most 10, newest first); none for an intake client.
    var possibleDuplicates: [Complaint] = []
}

/// The single owner of the domain state. Commands decide against the latest durable state while
/// commands on the same complaint wait their turn, so two commands on one complaint can never
/// both pass; events become visible to readers only after the store made them durable.
final class ComplaintCore: Sendable {
    struct State {
        var book: ComplaintBook
        var appliedSequence: UInt64 = 0
        var busy: Set<String> = []
        var parked: [String: [Pending]] = [:]
        /// Registration sequences: only an accepted registration takes one (no gaps).
        var registerNumbers = RegisterNumbers()
        var idempotency: [String: EventCodec.IdempotencyRecord] = [:]
        var idempotencyInFlight: Set<String> = []
        /// Log positions of each complaint's events, by sequence number − 1 (the audit trail).
        var positions: [[RecordPosition]] = []
        var snapshotSequence: UInt64 = 0
    }

    struct Pending {
        var command: Command
        var actor: Actor
        /// What the caller may see and act on.
        var scope: AccessScope
        var idempotency: (key: String, hash: UInt64)?
        var expectedVersion: Int?
        var duplicates: [Complaint] = []
        var completion: @Sendable (Result<CommandOutcome, CommandFailure>) -> Void
    }

    let state: Mutex<State>
    private let observers = Mutex<[@Sendable ([DomainEvent]) -> Void]>([])
    let store: EventStore
    let clock: any ServiceClock
    let policy: WorkflowPolicy
    private let applyQueue = DispatchQueue(label: "complaintd.apply")
    private let encoder = EventCodec.makeEncoder()
    private let idempotencyWindow: Double = 24 * 3600

    /// The configured staff a dispatch may name (nil: unchecked).
    let staff: StaffDirectory?

    init(store: EventStore, policy: WorkflowPolicy, clock: any ServiceClock, staff: StaffDirectory? = nil) {
        self.store = store
        self.clock = clock
        self.policy = policy
        self.staff = staff
        var book = ComplaintBook(policy: policy)
        book.staff = staff
        self.state = Mutex(State(book: book))
    }

    /// Registers a function called with every batch of events once they are durable and applied
    /// (not during start-up replay), in log order, on the apply queue. Keep it quick.
    func addObserver(_ observer: @escaping @Sendable ([DomainEvent]) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    // MARK: reading

    /// Runs `body` with the durable state; keep it short and never let the book escape
    /// (a copy held outside would make the next mutation copy a million complaints).
    func read<T>(_ body: (borrowing State) -> T) -> T {
        state.withLock { body($0) }
    }

    // MARK: writing

    /// Decides `command` as `actor` within `scope` and makes its events durable; `completion`
    /// runs once, on a background queue, after the fsync the store's policy promises.
    func submit(_ command: Command, actor: Actor, scope: AccessScope, idempotency: (key: String, hash: UInt64)? = nil, expectedVersion: Int? = nil,
                completion: @escaping @Sendable (Result<CommandOutcome, CommandFailure>) -> Void) {
        let pending = Pending(command: command, actor: actor, scope: scope, idempotency: idempotency, expectedVersion: expectedVersion, completion: completion)
        let immediate: (() -> Void)? = state.withLock { state in
            process(pending, in: &state)
        }
        immediate?()
    }

    /// Under the lock: park, refuse, or decide and hand to the store. Returns work to run after unlocking.
    private func process(_ pending: Pending, in state: inout State) -> (() -> Void)? {
        var pending = pending
        if let id = pending.command.complaintID, state.busy.contains(id) {
            state.parked[id, default: []].append(pending)
            return nil
        }
        var command = pending.command
        if let expected = pending.expectedVersion, let id = command.complaintID, let current = state.book.complaint(id: id, within: pending.scope),
           current.version != expected {
            return { pending.completion(.failure(.versionMismatch(current: current.version))) }
        }
        if let (key, hash) = pending.idempotency {
            if let seen = state.idempotency[key], clock.now().timeIntervalSince(seen.at) < idempotencyWindow {
                guard seen.bodyHash == hash else { return { pending.completion(.failure(.idempotencyMismatch)) } }
                let complaint = state.book.complaint(id: seen.complaintID, within: pending.scope)
                let allowed = complaint.map { state.book.allowedActions(for: $0, actor: pending.actor) } ?? []
                let pending = pending
                return { pending.completion(.success(CommandOutcome(complaint: complaint, events: [], replayed: true, allowedActions: allowed))) }
            }
            if state.idempotencyInFlight.contains(key) { return { pending.completion(.failure(.idempotencyInFlight)) } }
        }
        let now = clock.now()
        var registered: Int?
        if case .register(let input, _, let code) = command {
            let sequence = state.registerNumbers.next(afterDurable: state.book.nextSequence - 1)
            command = .register(input, sequence: sequence, trackingCode: code)
            registered = sequence
        }
        let events: [DomainEvent]
        switch state.book.decide(command, by: pending.actor, within: pending.scope, now: now) {
        case .failure(let error):
            return { pending.completion(.failure(.domain(error))) }
        case .success(let decided):
            events = decided
        }
        guard let first = events.first else {
            let complaint = command.complaintID.flatMap { state.book.complaint(id: $0, within: pending.scope) }
            let allowed = complaint.map { state.book.allowedActions(for: $0, actor: pending.actor) } ?? []
            let pending = pending
            return { pending.completion(.success(CommandOutcome(complaint: complaint, events: [], allowedActions: allowed))) }
        }
        let id = first.complaintID
        var records: [NewRecord]
        do {
            records = try events.map { try EventCodec.record(for: $0, encoder: encoder) }
            if let (key, hash) = pending.idempotency {
                let remembered = EventCodec.IdempotencyRecord(key: key, bodyHash: hash, complaintID: id, at: now)
                records.append(NewRecord(type: EventCodec.idempotencyType, stream: id, payload: Array(try encoder.encode(remembered))))
                state.idempotencyInFlight.insert(key)
            }
        } catch {
            return { pending.completion(.failure(.unavailable("Could not encode events: \(error)", retryAfterSeconds: nil))) }
        }
        if let registered, case .register(let input, _, _) = command {
            // Taken only now that the registration was accepted and encoded: a refusal uses up no number.
            state.registerNumbers.take(registered)
            // Other owners' complaints go only to staff who may read them, and only those in scope.
            if pending.actor.role != .intake {
                pending.duplicates = Array(state.book.possibleDuplicates(of: input, now: now)
                    .filter { $0.isVisible(to: pending.scope) }.prefix(ComplaintCore.duplicatesShown))
            }
        }
        state.busy.insert(id)
        // Appending under the lock keeps the log in decision order (sequences stay ascending).
        let decided = pending
        // Completions normally run on the store's writer thread, in commit order: finishing there
        // saves a thread hand-off per command. A completion that runs at once, inside this call
        // (the store refused the append), would re-enter the lock: it goes through the apply queue.
        let caller = CallerMark()
        store.append(records) { [self] result in
            if caller.isInside {
                applyQueue.async { self.finish(decided, id: id, events: events, result: result) }
            } else {
                applyQueue.sync { self.finish(decided, id: id, events: events, result: result) }
            }
        }
        caller.leave()
        return nil
    }

    /// After the store answered: publish the events, answer, and let parked commands run.
    private func finish(_ pending: Pending, id: String, events: [DomainEvent], result: Result<[StoredRecord], StoreError>) {
        var next: [Pending] = []
        var followUps: [Command] = []
        let outcome: Result<CommandOutcome, CommandFailure> = state.withLock { state in
            state.busy.remove(id)
            if let (key, _) = pending.idempotency { state.idempotencyInFlight.remove(key) }
            next = state.parked.removeValue(forKey: id) ?? []
            if case .registered(let e) = events.first {
                var durable = false
                if case .success = result { durable = true }
                // A registration that never became durable gives its number back.
                state.registerNumbers.finish(e.sequence, durable: durable, lastDurable: state.book.nextSequence - 1)
            }
            switch result {
            case .failure(let error):
                // After a write error the store refuses appends at once until it can write again; reads go on.
                return .failure(StoreRefusal.failure(error, retryEverySeconds: store.writeRetrySeconds))
            case .success(let stored):
                for record in stored { ingest(record, into: &state) }
                state.book.evolve(events)
                followUps = state.book.followUpCommands(after: events)
                let complaint = state.book.complaint(id: id, within: pending.scope)
                let allowed = complaint.map { state.book.allowedActions(for: $0, actor: pending.actor) } ?? []
                return .success(CommandOutcome(complaint: complaint, events: events, allowedActions: allowed, possibleDuplicates: pending.duplicates))
            }
        }
        if case .success(let done) = outcome, !done.events.isEmpty {
            for observer in observers.withLock({ $0 }) { observer(done.events) }
        }
        pending.completion(outcome)
        for waiting in next {
            submit(waiting.command, actor: waiting.actor, scope: waiting.scope, idempotency: waiting.idempotency,
                   expectedVersion: waiting.expectedVersion, completion: waiting.completion)
        }
        for command in followUps {
            submit(command, actor: Actor.system, scope: .unrestricted) { result in
                if case .failure(let failure) = result {
                    Log.shared.warn("follow-up command failed", [("command", .string("\(command)")), ("error", .string("\(failure)"))])
                }
            }
        }
    }

    /// Book-keeping for one durable record (positions, idempotency); domain events are applied by the caller.
    private func ingest(_ record: StoredRecord, into state: inout State) {
        state.appliedSequence = record.sequence
        if record.type == EventCodec.idempotencyType {
            if let remembered = try? EventCodec.makeDecoder().decode(EventCodec.IdempotencyRecord.self, from: Data(record.payload)) {
                state.idempotency[remembered.key] = remembered
            }
            return
        }
        guard let sequence = ComplaintCore.sequence(of: record.stream), sequence >= 1 else { return }
        if state.positions.count < sequence {
            state.positions.append(contentsOf: repeatElement([], count: sequence - state.positions.count))
        }
        state.positions[sequence - 1].append(record.position)
    }

    static func sequence(of complaintID: String) -> Int? {
        guard let dash = complaintID.lastIndex(of: "-") else { return nil }
        return Int(complaintID[complaintID.index(after: dash)...])
    }

    // MARK: recovery

    /// Folds the log into the state at start-up: the newest snapshot, then the records after it.
    /// `observingRecords` sees every record of the log, in order (the notification outbox rebuilds
    /// itself from it): those a snapshot covers in a light pass that decodes nothing else.
    func recover(observingRecords: ((StoredRecord) -> Void)? = nil) throws -> RecoveryReport {
        let fromSnapshot = try loadSnapshot()
        // A snapshot rebuilds the book; dispatch still checks handlers against the configured staff.
        state.withLock { $0.book.staff = staff }
        if fromSnapshot, let observingRecords {
            let covered = state.withLock { $0.snapshotSequence }
            do {
                _ = try store.replay(after: 0) { record in
                    if record.sequence <= covered { observingRecords(record) }
                }
            } catch {
                Log.shared.warn("records covered by the snapshot could not be re-read for notifications", [("error", .string("\(error)"))])
            }
        }
        var failures = 0
        // Decoding dominates replay, so records are gathered in batches, decoded on every core,
        // then applied in log order.
        var batch: [StoredRecord] = []
        batch.reserveCapacity(ComplaintCore.replayBatch)
        func drain(into state: inout State) {
            let decoded = ComplaintCore.decodeInParallel(batch)
            for (record, event) in zip(batch, decoded) {
                ingest(record, into: &state)
                observingRecords?(record)
                guard record.type.hasPrefix("complaint.") else { continue }
                guard let event else {
                    failures += 1
                    if failures <= 10 {
                        Log.shared.error("unreadable event in the log", [("sequence", .int(Int(record.sequence))), ("type", .string(record.type))])
                    }
                    continue
                }
                state.book.evolve(event)
            }
            batch.removeAll(keepingCapacity: true)
        }
        let report = try state.withLock { state -> RecoveryReport in
            let report = try store.replay(after: state.appliedSequence) { record in
                batch.append(record)
                if batch.count >= ComplaintCore.replayBatch { drain(into: &state) }
            }
            drain(into: &state)
            return report
        }
        if fromSnapshot {
            Log.shared.info("loaded snapshot", [("sequence", .int(Int(state.withLock { $0.snapshotSequence })))])
        }
        if failures > 0 { throw StartupError("\(failures) events in the log could not be decoded; refusing to start with a partial state") }
        let now = clock.now()
        state.withLock { state in
            state.idempotency = state.idempotency.filter { now.timeIntervalSince($0.value.at) < idempotencyWindow }
            state.registerNumbers.reset(lastDurable: state.book.nextSequence - 1)
        }
        return report
    }
}

extension ComplaintCore {
    static let replayBatch = 8192
    /// At most this many possible duplicates are listed in a registration answer (the newest).
    static let duplicatesShown = 10

    /// Decodes the domain events of `records` (nil for other record types or unreadable ones), using every core.
    static func decodeInParallel(_ records: [StoredRecord]) -> [DomainEvent?] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        var results = [DomainEvent?](repeating: nil, count: records.count)
        let chunk = (records.count + workers - 1) / workers
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer  // each worker writes its own index range
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let decoder = EventCodec.makeDecoder()
                let lower = worker * chunk
                let upper = min(records.count, lower + chunk)
                guard lower < upper else { return }
                for index in lower..<upper where records[index].type.hasPrefix("complaint.") {
                    output[index] = try? decoder.decode(DomainEvent.self, from: Data(records[index].payload))
                }
            }
        }
        return results
    }
}

/// Tells a completion whether it runs inside the `append` call that registered it.
final class CallerMark: @unchecked Sendable {
    private let thread = pthread_self()
    private let lock = NSLock()
    private var inside = true
    /// True while the registering call has not returned and the completion runs on its thread.
    var isInside: Bool {
        lock.lock(); defer { lock.unlock() }
        return inside && pthread_equal(thread, pthread_self()) != 0
    }
    func leave() { lock.lock(); inside = false; lock.unlock() }
}

extension Actor {
    /// The scheduler and automatic policies act as this actor.
    static let system = Actor(id: "system", role: .system, department: nil)
}
