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
    case unavailable(Message, retryAfterSeconds: Int?)
    /// An Idempotency-Key was reused with another body (→ 422) or is still in flight (→ 409).
    case idempotencyMismatch
    case idempotencyInFlight
    /// If-Match named another version (→ 412).
    case versionMismatch(current: Int)
    /// The complaint's history could not be read back from the log (→ 500 audit-trail-damaged).
    case history(HistoryGap)
}

/// What a successful command returns: the complaint as it is now durable, and the events.
struct CommandOutcome: Sendable {
    /// The complaint after the command, shared with the book (not copied) when it is in memory.
    var shared: SharedComplaint?
    var events: [DomainEvent]
    var replayed = false
    /// What the command's actor may do next (computed under the same lock as the state it reflects).
    var allowedActions: [Action] = []
    /// Whether the complaint's `repeatOf` names a complaint the caller may not read (computed under
    /// the same lock: the answer then needs no second trip to it on the loop).
    var hidesRepeatOf = false
    /// For a staff registration: open complaints at the same unit and category that the caller
    /// may read (at most 10, newest first); none for an intake client.
    var possibleDuplicates: [DuplicateHint] = []

    /// A copy of the complaint after the command.
    var complaint: Complaint? { shared?.complaint }
}

extension CommandOutcome {
    /// An outcome with a complaint of its own.
    init(
        complaint: consuming Complaint?, events: [DomainEvent], replayed: Bool = false, allowedActions: [Action] = [],
        hidesRepeatOf: Bool = false
    ) {
        self.init(
            shared: complaint.map { SharedComplaint($0) }, events: events, replayed: replayed, allowedActions: allowedActions,
            hidesRepeatOf: hidesRepeatOf)
    }
}

/// One command on its way through the pipeline (see `CommandPipeline.swift`).
struct PendingCommand {
    var command: Command
    var actor: Actor
    /// What the caller may see and act on.
    var scope: AccessScope
    var idempotency: (key: String, hash: UInt64)?
    var expectedVersion: Int?
    var completion: @Sendable (Result<CommandOutcome, CommandFailure>) -> Void
    /// Runs once the command's events are durable, under the lock, before they are applied (and
    /// so before any snapshot can cover them): an upload moves its files into the store here.
    var beforeApply: (@Sendable () -> Void)? = nil
}

/// Everything the core guards with its one lock.
struct CoreState {
    /// The complaints and their read models.
    var complaints: ComplaintState
    /// The last log sequence folded in.
    var appliedSequence: UInt64 = 0
    /// The sequence the newest snapshot covers.
    var snapshotSequence: UInt64 = 0
    /// How long the last snapshot took to write (before the first: twice the time the loaded one
    /// took to read; nil with neither): bounds the one at shutdown.
    var lastSnapshotSeconds: Double?
    /// Where each complaint's first and newest events are in the log.
    var chains = ChainHeads()
    var turns = ComplaintTurns()
    /// Registration sequences: only an accepted registration takes one (no gaps).
    var registerNumbers = RegisterNumbers()
    var idempotency = IdempotencyKeys()

    /// The book (what `decide` reads), borrowed in place: a plain getter would copy the struct,
    /// retaining and releasing each of its storages on every call (5 % of a replay's time).
    var book: ComplaintBook {
        _read { yield complaints.book }
    }

    /// Whether `repeatOf` names a complaint `scope` does not cover (false for none): a reader
    /// then sees that the complaint repeats another, not which.
    func hides(repeatOf: String?, from scope: AccessScope) -> Bool {
        guard let repeatOf else { return false }
        return !complaints.isVisible(id: repeatOf, to: scope)
    }
}

/// The single owner of the domain state. A command goes through named steps
/// (`CommandPipeline.swift`): bring a cold complaint back, admit (wait, answer, or decide and
/// append), and apply once the store made the events durable. Readers only ever see durable state.
final class ComplaintCore: Sendable {
    let state: Mutex<CoreState>
    private let observers = Mutex<[@Sendable ([DomainEvent]) -> Void]>([])
    private let sequencedObservers = Mutex<[@Sendable ([(sequence: UInt64, event: DomainEvent)]) -> Void]>([])
    let store: EventStore
    let clock: any ServiceClock
    let policy: WorkflowPolicy
    /// The configured staff a dispatch may name (nil: unchecked).
    let staff: StaffDirectory?
    /// Closed complaints read back from the log, with a small cache.
    let cold: ColdComplaints
    /// What list items show of closed complaints, one read each (nil: read from the log).
    let summaries: ColdSummaries?
    /// The background filling of `summaries`, while it runs.
    let backfill = Mutex<SummaryBackfill?>(nil)
    /// When the grace period of a shutdown ends: a snapshot still being written then is
    /// abandoned (nil: none is).
    let snapshotDeadline = Mutex<Date?>(nil)
    /// The files the events name (nil in tests that need none).
    let blobs: BlobStore?
    /// Where the core's lines go.
    let log: Log

    init(
        store: EventStore, policy: WorkflowPolicy, clock: any ServiceClock, staff: StaffDirectory? = nil, blobs: BlobStore? = nil,
        summaries: ColdSummaries? = nil, log: Log = .shared
    ) {
        self.summaries = summaries
        self.store = store
        self.blobs = blobs
        self.log = log
        self.clock = clock
        self.policy = policy
        self.staff = staff
        self.cold = ColdComplaints(store: store)
        var complaints = ComplaintState(policy: policy)
        complaints.book.staff = staff
        self.state = Mutex(CoreState(complaints: complaints))
    }

    /// Registers a function called with every batch of events once they are durable and applied
    /// (not during start-up replay), in log order, on the store's writer thread. Keep it quick.
    func addObserver(_ observer: @escaping @Sendable ([DomainEvent]) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    /// Like `addObserver`, with each event's log sequence (the live stream's event ids).
    func addSequencedObserver(_ observer: @escaping @Sendable ([(sequence: UInt64, event: DomainEvent)]) -> Void) {
        sequencedObservers.withLock { $0.append(observer) }
    }

    func notifyObservers(_ events: [DomainEvent], records: [StoredRecord] = []) {
        for observer in observers.withLock({ $0 }) { observer(events) }
        let sequenced = sequencedObservers.withLock { $0 }
        guard !sequenced.isEmpty else { return }
        // The first records of an append are the events', in order (an idempotency record may follow).
        let pairs = zip(records.filter(EventCodec.isEvent), events).map { (sequence: $0.sequence, event: $1) }
        for observer in sequenced { observer(pairs) }
    }

    /// Runs `body` with the durable state; keep it short and never let the state escape (a copy
    /// held outside would make the next mutation copy what it shares).
    func read<T>(_ body: (borrowing CoreState) -> T) -> T {
        state.withLock { body($0) }
    }

    /// The present time as the domain sees it: whole milliseconds, so a replayed event equals the
    /// one decided.
    var now: Date { Milliseconds.date(Milliseconds.of(clock.now())) }

    /// Decides `command` as `actor` within `scope` and makes its events durable; `completion`
    /// runs once, after the fsync the store's policy promises (or at once for a refusal).
    func submit(
        _ command: Command, actor: Actor, scope: AccessScope, idempotency: (key: String, hash: UInt64)? = nil,
        expectedVersion: Int? = nil, beforeApply: (@Sendable () -> Void)? = nil,
        completion: @escaping @Sendable (Result<CommandOutcome, CommandFailure>) -> Void
    ) {
        run(
            PendingCommand(
                command: command, actor: actor, scope: scope, idempotency: idempotency,
                expectedVersion: expectedVersion, completion: completion, beforeApply: beforeApply))
    }

    /// Runs a command through the pipeline.
    func run(_ pending: PendingCommand) {
        if case .failure(let gap) = bringBack(pending.command) {
            pending.completion(.failure(.history(gap)))
            return
        }
        switch state.withLock({ admit(pending, in: &$0) }) {
        case .parked, .appended:
            break
        case .answered(let result):
            pending.completion(result)
        }
    }

    /// Submits a command of the workflow itself (scheduler, follow-ups), logging a refusal.
    func submitSystem(_ command: Command) {
        submit(command, actor: Actor.system, scope: .unrestricted) { result in
            if case .failure(let failure) = result {
                self.log.warn("system command failed", [("command", .string("\(command)")), ("error", .string("\(failure)"))])
            }
        }
    }
}

extension Actor {
    /// The scheduler and automatic policies act as this actor.
    static let system = Actor(id: "system", role: .system, department: nil)
}
