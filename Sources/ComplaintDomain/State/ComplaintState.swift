import Foundation

/// The whole state of a deployment: the book (what `decide` needs) and the read models that
/// observe it (list indexes, report ledger). `evolve` is the one mutation: the book changes, then
/// each read model observes the change.
public struct ComplaintState: Sendable {
    /// The complaints.
    public var book: ComplaintBook
    /// The list indexes.
    public var indexes = ComplaintIndexes()
    /// The report figures.
    public var ledger: ReportLedger

    /// An empty state under `policy`.
    public init(policy: WorkflowPolicy = WorkflowPolicy()) {
        book = ComplaintBook(policy: policy)
        ledger = ReportLedger(timeZone: policy.calendar.timeZone)
    }

    /// Folds one durable event into the book and every read model; `keepingWhole` puts the
    /// complaint after the event into the change (a replay does not need it).
    @discardableResult
    public mutating func evolve(_ event: DomainEvent, keepingWhole: Bool = true) -> BookChange? {
        guard let change = book.evolve(event, keepingWhole: keepingWhole) else { return nil }
        indexes.observe(change, strings: book.strings)
        ledger.observe(change, strings: book.strings)
        return change
    }

    /// `evolve(_:keepingWhole:)` with the complaint's slot already looked up (nil: unknown; a
    /// registration ignores it).
    @discardableResult
    public mutating func evolve(_ event: DomainEvent, slot: Int?, keepingWhole: Bool) -> BookChange? {
        guard let change = book.evolve(event, slot: slot, keepingWhole: keepingWhole) else { return nil }
        indexes.observe(change, strings: book.strings)
        ledger.observe(change, strings: book.strings)
        return change
    }

    /// What `replay(_:)` did with an event.
    public enum ReplayStep: Sendable {
        /// Folded into the complaint at the slot (nil: an unknown complaint, or a registration
        /// refused, so nothing changed).
        case folded(slot: Int?)
        /// Nothing yet: the complaint at the slot is cold and the event changes more than its
        /// version. Bring it back (`book.hydrate`), then fold with `evolve(_:slot:keepingWhole:)`.
        case needsHistory(slot: Int)
    }

    /// Folds one event read back from the log at start-up: the slot looked up once, the book
    /// evolved and every read model following, all in one call (each separate call from the
    /// service copied the book's and the change's fields to the stack, per event).
    public mutating func replay(_ event: DomainEvent) -> ReplayStep {
        var departed: [Complaint] = []
        return replay(event, departed: &departed)
    }

    /// `replay(_:)` that appends the complaint the event closed for good to `departed` instead of
    /// freeing it: a replay frees them on another thread (a few % of the fold). With
    /// `deferringLists`, the list indexes and search chains are left alone (only the worker
    /// lists, made from events, follow): a full replay builds them from the records once its last
    /// event is folded (`buildListsAfterReplay`), rather than moving slots between them at every
    /// event (the indexes' `observe` was 9 % of the fold thread in a 1 M replay). So are the
    /// compact records of the complaints still hot, the report totals and the deadline heap.
    /// `sequence` is the one the event's id names, when the caller read it already (a replay's
    /// reading thread does, from the record: `ComplaintBook.slot(of:sequence:)`).
    public mutating func replay(_ event: DomainEvent, sequence: Int? = nil, departed: inout [Complaint], deferringLists: Bool = false) -> ReplayStep {
        if deferringLists {
            var step: ComplaintBook.DeferredStep?
            let result = replayLeavingReadSide(event, sequence: sequence, departed: &departed, step: &step)
            if let step { Followers.follow(event, step, indexes: &indexes, ledger: &ledger) }
            return result
        }
        var cold: Int?
        guard let change = book.replay(event, slot: book.slot(of: event, sequence: sequence), cold: &cold, departed: &departed) else {
            if let cold { return .needsHistory(slot: cold) }
            return .folded(slot: nil)
        }
        indexes.observe(change, strings: book.strings)
        ledger.observe(change, strings: book.strings)
        return .folded(slot: change.slot)
    }

    /// Folds events in order.
    public mutating func evolve<Events: Sequence>(_ events: Events) where Events.Element == DomainEvent {
        for event in events { evolve(event, keepingWhole: false) }
    }

    /// Whether the complaint at `slot` is in `scope`: the one rule (`Complaint.isVisible(to:)`)
    /// for a hot complaint; for a cold one the same rule on its compact record and the worker index.
    public func isVisible(_ slot: Int, to scope: AccessScope) -> Bool {
        if scope.isUnlimited { return true }
        if let complaint = book.hot[Int32(slot)] { return complaint.isVisible(to: scope) }
        let record = book.records[slot]
        guard scope.covers(estate: book.strings.estates[record.estate]) else { return false }
        guard scope.isDepartmentScoped else { return true }
        if let department = scope.department, record.complaintDepartment == department { return true }
        return indexes.didWork(scope.actorID, on: slot)
    }

    /// Whether the complaint with `id` exists and `scope` covers it.
    public func isVisible(id: String, to scope: AccessScope) -> Bool {
        guard let slot = book.slot(of: id) else { return false }
        return isVisible(slot, to: scope)
    }
}
