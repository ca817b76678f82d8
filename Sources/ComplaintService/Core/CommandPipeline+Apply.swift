import ComplaintDomain
import EventStore
import Foundation

extension ComplaintCore {
    // MARK: 3. apply

    /// On the store's writer thread, once the events are durable (or refused): fold them in,
    /// answer, let the next parked command run, and send the follow-ups the policies ask for.
    func apply(_ decision: Decision, _ result: Result<[StoredRecord], StoreError>) {
        let pending = decision.pending
        var next: [PendingCommand] = []
        var followUps: [Command] = []
        var durableRecords: [StoredRecord] = []
        var closed: (slot: Int, sequence: Int32, version: UInt32, head: UInt64, whole: SharedComplaint)?
        let outcome: Result<CommandOutcome, CommandFailure> = state.withLock { state in
            next = state.turns.finish(decision.complaintID)
            if let key = pending.idempotency?.key { state.idempotency.end(key) }
            if let registered = decision.registered {
                var durable = false
                if case .success = result { durable = true }
                // A registration that never became durable gives its number back.
                state.registerNumbers.finish(registered, durable: durable, lastDurable: state.complaints.book.nextSequence - 1)
            }
            switch result {
            case .failure(let error):
                // After a write error the store refuses appends at once until it can write again; reads go on.
                if let slot = state.complaints.book.slot(of: decision.complaintID) { state.complaints.book.release(slot: slot) }
                return .failure(StoreRefusal.failure(error, retryEverySeconds: store.writeRetrySeconds))
            case .success(let stored):
                pending.beforeApply?()
                // The complaint the events left, shared with the book: read where it lies below,
                // and answered from (copying it here and on the way cost a tenth of a create).
                var whole: (complaint: SharedComplaint, slot: Int)?
                for event in decision.events {
                    if let change = state.complaints.evolve(event), let shared = change.shared { whole = (shared, change.slot) }
                }
                for record in stored { ingest(record, into: &state) }
                durableRecords = stored
                closed = leftMemory(whole, in: state)
                followUps = state.complaints.book.followUpCommands(after: decision.events)
                let facts = whole.flatMap { state.complaints.book.answerFacts(of: $0.complaint, actor: pending.actor, scope: pending.scope) }
                let visible = facts == nil ? nil : whole?.complaint
                let allowed = facts?.allowed ?? []
                let hides = state.hides(repeatOf: facts?.repeatOf, from: pending.scope)
                return .success(
                    CommandOutcome(
                        shared: visible, events: decision.events, allowedActions: allowed, hidesRepeatOf: hides,
                        possibleDuplicates: decision.duplicates))
            }
        }
        if let closed {
            // Taken whole while it is still in hand, so no list has to read it back from the log.
            summaries?.write(
                closed.whole.read { ColdSummary(sequence: closed.sequence, version: closed.version, head: closed.head, of: $0) }, slot: closed.slot)
        }
        if case .success(let done) = outcome, !done.events.isEmpty { notifyObservers(done.events, records: durableRecords) }
        pending.completion(outcome)
        for waiting in next { run(waiting) }
        for command in followUps { submitSystem(command) }
    }

    /// The complaint `whole` (at its slot) with what its summary entry must name, when the command just closed
    /// it for good and it left memory (nil otherwise, and when no summary file is kept).
    func leftMemory(_ whole: (complaint: SharedComplaint, slot: Int)?, in state: borrowing CoreState)
        -> (slot: Int, sequence: Int32, version: UInt32, head: UInt64, whole: SharedComplaint)?
    {
        // `isHot(slot:)`, not `lookup(slot:)`: that copied the whole complaint of every command
        // that left it open, only to see it was still hot.
        guard summaries != nil, let (complaint, slot) = whole, !state.complaints.book.isHot(slot: slot),
            let head = state.chains.head(of: slot)
        else { return nil }
        let record = state.complaints.book.record(at: slot)
        return (slot, record.sequence, record.version, head.packed, complaint)
    }

    /// Book-keeping for one durable record: the applied sequence, the complaint's chain head,
    /// an idempotency key. Domain events are folded by the caller (before: a registration makes
    /// the slot its chain is kept under).
    func ingest(_ record: StoredRecord, slot knownSlot: Int? = nil, into state: inout CoreState) {
        state.appliedSequence = max(state.appliedSequence, record.sequence)
        if record.type == IdempotencyRecord.type {
            if let remembered = try? IdempotencyRecord.read(record.payload) { state.idempotency.remember(remembered) }
            return
        }
        guard EventCodec.isEvent(record) else { return }
        withUnsafePointer(to: record) { ingestEvent($0, slot: knownSlot, into: &state) }
    }

    /// `ingest(_:slot:into:)` for a record known to hold a domain event (a replay knows it from
    /// its batch), read where it lies: copying the record to pass it retained and released its
    /// strings and payload, once per record of a replay.
    func ingestEvent(_ record: UnsafePointer<StoredRecord>, slot knownSlot: Int?, into state: inout CoreState) {
        state.appliedSequence = max(state.appliedSequence, record.pointee.sequence)
        guard let slot = knownSlot ?? state.complaints.book.slot(of: record.pointee.stream) else { return }
        state.chains.note(slot: slot, at: EventCodec.packed(record.pointee.position), linked: record.pointee.previous != nil)
    }
}
