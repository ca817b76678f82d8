import ComplaintDomain
import EventStore
import Foundation

// A command's way through the core, one named step each:
//
//   1. bringBack  (no lock, may read the log) a cold complaint the command names is folded from
//                 its events and handed to the book;
//   2. admit      (under the lock) wait for the complaint's turn, answer at once (If-Match,
//                 Idempotency-Key, a refusal, nothing to record), or decide and append — under the
//                 lock, so the log keeps the order of decisions;
//   3. apply      (on the store's writer thread, once durable) fold the events, answer, let the
//                 next parked command run, send the follow-ups the policies ask for.

/// What admission decided.
enum Admission {
    /// Its complaint is busy with another command: it runs again after that one.
    case parked
    /// Answer now.
    case answered(Result<CommandOutcome, CommandFailure>)
    /// Its events are with the store; `apply` answers.
    case appended
}

/// A decided command whose events wait for the store.
struct Decision: Sendable {
    var pending: PendingCommand
    var complaintID: String
    var events: [DomainEvent]
    var registered: Int?
    var duplicates: [DuplicateHint]
}

extension ComplaintCore {
    // MARK: 1. bring a cold complaint back

    /// Folds the cold complaint `command` names from its events and hands it to the book, so
    /// `decide` sees it whole. Nothing to do for hot or unknown complaints.
    func bringBack(_ command: Command) -> Result<Void, HistoryGap> {
        // A registration names no complaint: no need to take the lock to find none (0.8 % of a
        // create, most of it waiting for the lock).
        guard command.complaintID != nil || command.trackingCode != nil else { return .success(()) }
        for _ in 0..<3 {
            let target: (slot: Int, id: String, head: ChainHead, version: UInt32)? = read { state in
                let slot: Int?
                if let code = command.trackingCode, case .cold(let found, _) = state.complaints.book.lookup(trackingCode: code) {
                    slot = found
                } else if let id = command.complaintID, state.complaints.book.isCold(id: id) {
                    slot = state.complaints.book.slot(of: id)
                } else {
                    slot = nil
                }
                guard let slot, let head = state.chains.head(of: slot) else { return nil }
                return (slot, state.complaints.book.id(ofSlot: slot), head, state.complaints.book.record(at: slot).version)
            }
            guard let target else { return .success(()) }
            let complaint: Complaint
            switch cold.complaint(id: target.id, head: target.head, version: target.version) {
            case .success(let folded): complaint = folded
            case .failure(let gap): return .failure(gap)
            }
            // Another command may have changed it meanwhile: then read it again.
            if state.withLock({ $0.complaints.book.hydrate(complaint) || !$0.book.isCold(id: target.id) }) { return .success(()) }
        }
        return .success(())
    }

    // MARK: 2. admit

    /// Under the lock: park, answer, or decide and hand the events to the store.
    func admit(_ pending: PendingCommand, in state: inout CoreState) -> Admission {
        var command = pending.command
        // An owner's command names the complaint by its tracking code: it takes turns on the id
        // like any other, so two confirmations cannot both be decided against the same state.
        let id =
            command.complaintID
            ?? command.trackingCode.flatMap { code -> String? in
                guard case .hot(let complaint) = state.complaints.book.lookup(trackingCode: code) else { return nil }
                return complaint.id
            }
        if let id, state.turns.isBusy(id) {
            state.turns.park(pending, on: id)
            return .parked
        }
        if let expected = pending.expectedVersion, let id, let current = state.complaints.book.complaint(id: id, within: pending.scope),
            current.version != expected
        {
            return .answered(.failure(.versionMismatch(current: current.version)))
        }
        let now = self.now
        if let (key, hash) = pending.idempotency {
            switch state.idempotency.verdict(key: key, hash: hash, now: Milliseconds.of(now)) {
            case .fresh: break
            case .mismatch: return .answered(.failure(.idempotencyMismatch))
            case .inFlight: return .answered(.failure(.idempotencyInFlight))
            case .replay(let complaintID):
                let complaint = state.complaints.book.complaint(id: complaintID, within: pending.scope)
                let allowed = complaint.map { state.complaints.book.allowedActions(for: $0, actor: pending.actor) } ?? []
                let hides = state.hides(repeatOf: complaint?.repeatOf, from: pending.scope)
                return .answered(
                    .success(CommandOutcome(complaint: complaint, events: [], replayed: true, allowedActions: allowed, hidesRepeatOf: hides)))
            }
        }
        var registered: Int?
        if case .register(let input, _, let code) = command {
            let sequence = state.registerNumbers.next(afterDurable: state.complaints.book.nextSequence - 1)
            command = .register(input, sequence: sequence, trackingCode: code)
            registered = sequence
        }
        let events: [DomainEvent]
        switch state.complaints.book.decide(command, by: pending.actor, within: pending.scope, now: now) {
        case .failure(let error):
            releaseBroughtBack(command, in: &state)
            return .answered(.failure(.domain(error)))
        case .success(let decided):
            events = decided
        }
        guard let first = events.first else {
            let complaint = id.flatMap { state.complaints.book.complaint(id: $0, within: pending.scope) }
            let allowed = complaint.map { state.complaints.book.allowedActions(for: $0, actor: pending.actor) } ?? []
            releaseBroughtBack(command, in: &state)
            let hides = state.hides(repeatOf: complaint?.repeatOf, from: pending.scope)
            return .answered(.success(CommandOutcome(complaint: complaint, events: [], allowedActions: allowed, hidesRepeatOf: hides)))
        }
        let complaintID = first.complaintID
        var records = Self.records(for: events, head: state.complaints.book.slot(of: complaintID).flatMap { state.chains.head(of: $0)?.packed })
        if let (key, hash) = pending.idempotency {
            let remembered = IdempotencyRecord(key: key, bodyHash: hash, complaintID: complaintID, at: Milliseconds.of(now))
            records.append(NewRecord(type: IdempotencyRecord.type, stream: complaintID, payload: remembered.json))
        }
        var duplicates: [DuplicateHint] = []
        if case .register(let input, _, _) = command, pending.actor.role != .intake {
            // Other owners' complaints go only to staff who may read them, and only those in scope.
            duplicates = state.complaints.book.possibleDuplicates(
                of: input, now: now, visibleTo: pending.scope, limit: ComplaintCore.duplicatesShown)
        }
        let decision = Decision(pending: pending, complaintID: complaintID, events: events, registered: registered, duplicates: duplicates)
        do {
            // Under the lock: the log keeps the order of decisions.
            try store.append(records: records) { [self] result in apply(decision, result) }
        } catch {
            releaseBroughtBack(command, in: &state)
            let failure = (error as? StoreError).map { StoreRefusal.failure($0, retryEverySeconds: store.writeRetrySeconds) }
            return .answered(.failure(failure ?? .unavailable(Message(.storeRefused, ["error": .text("\(error)")]), retryAfterSeconds: nil)))
        }
        state.turns.start(complaintID)
        if let key = pending.idempotency?.key { state.idempotency.begin(key) }
        if let registered { state.registerNumbers.take(registered) }
        return .appended
    }

    /// The records of `events`, the first linked to the complaint's newest record (the store links
    /// the rest of one append by itself).
    static func records(for events: [DomainEvent], head: UInt64?) -> [NewRecord] {
        events.enumerated().map { index, event in EventCodec.record(for: event, previous: index == 0 ? head : nil) }
    }

    /// Lets a complaint brought back for a command that records nothing leave memory again.
    private func releaseBroughtBack(_ command: Command, in state: inout CoreState) {
        let slot: Int?
        if let code = command.trackingCode, case .hot(let complaint) = state.complaints.book.lookup(trackingCode: code) {
            slot = state.complaints.book.slot(of: complaint.id)
        } else {
            slot = command.complaintID.flatMap { state.complaints.book.slot(of: $0) }
        }
        if let slot { state.complaints.book.release(slot: slot) }
    }

    /// At most this many possible duplicates are listed in a registration answer (the newest).
    static let duplicatesShown = 10
}
