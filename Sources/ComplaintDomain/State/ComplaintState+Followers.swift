import Foundation

// A full replay on two threads: the fold changes the book, and the read models that follow it
// event by event (the worker lists and the report ledger) are kept in step on the other thread,
// from what each folded event tells them (`ComplaintBook.DeferredStep`). They touch nothing the
// fold reads, so they leave the state for the replay (`takeFollowers`) and come back before its
// lists are built (`returnFollowers`, then `buildListsAfterReplay`).

extension ComplaintState {
    /// The read models a full replay keeps in step with each event, away from the fold.
    public struct Followers: Sendable {
        var indexes: ComplaintIndexes
        var ledger: ReportLedger

        /// Follows `event`, which the fold folded with `step` (events in log order).
        public mutating func follow(_ event: DomainEvent, _ step: ComplaintBook.DeferredStep) {
            Self.follow(event, step, indexes: &indexes, ledger: &ledger)
        }

        /// What following an event of a full replay changes: the one rule, for the state's own
        /// read models too (`replay(_:sequence:departed:deferringLists:)`).
        static func follow(_ event: DomainEvent, _ step: ComplaintBook.DeferredStep, indexes: inout ComplaintIndexes, ledger: inout ReportLedger) {
            indexes.observeWork(slot: step.slot, event: event)
            ledger.observeReplay(event, estate: step.estate, wasOpen: step.wasOpen, isOpen: step.isOpen)
        }
    }

    /// Moves the list indexes and the report ledger out for a full replay's other thread,
    /// leaving empty ones: nothing reads them until `returnFollowers`.
    public mutating func takeFollowers() -> Followers {
        let followers = Followers(indexes: indexes, ledger: ledger)
        indexes = ComplaintIndexes()
        ledger = ReportLedger(timeZone: ledger.timeZone)
        return followers
    }

    /// Puts back what `takeFollowers` moved out, once every event is followed.
    public mutating func returnFollowers(_ followers: consuming Followers) {
        indexes = followers.indexes
        ledger = followers.ledger
    }

    /// `replay(_:sequence:departed:deferringLists: true)` without the read side: the book folds
    /// the event, and `step` tells what `Followers.follow` needs of it (nil: nothing to follow).
    public mutating func replayLeavingReadSide(
        _ event: DomainEvent, sequence: Int?, departed: inout [Complaint], step: inout ComplaintBook.DeferredStep?
    ) -> ReplayStep {
        // The records of hot complaints, the report totals and the clocks too are made at the end
        // (`ComplaintBook.replayDeferring`).
        var cold: Int?
        guard let folded = book.replayDeferring(event, slot: book.slot(of: event, sequence: sequence), cold: &cold, departed: &departed) else {
            if let cold { return .needsHistory(slot: cold) }
            return .folded(slot: nil)
        }
        step = folded
        return .folded(slot: folded.slot)
    }

    /// Folds an event into the complaint at `slot` just brought back (`ReplayStep.needsHistory`,
    /// then `book.hydrate`) in a full replay, without the read side: `step` as
    /// `replayLeavingReadSide` gives it. Answers the slot (nil: nothing changed).
    public mutating func evolveLeavingReadSide(_ event: DomainEvent, slot: Int, step: inout ComplaintBook.DeferredStep?) -> Int? {
        guard let change = book.evolve(event, slot: slot, keepingWhole: false) else { return nil }
        step = ComplaintBook.DeferredStep(
            slot: change.slot, estate: change.after.estate, wasOpen: change.before?.complaintStatus.isOpen ?? false,
            isOpen: change.after.complaintStatus.isOpen)
        return change.slot
    }
}
