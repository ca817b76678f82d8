import ComplaintDomain
import Dispatch
import EventStore
import Foundation

/// A complaint as a reader sees it, whole, with what the reader may do next.
struct ReadComplaint: Sendable {
    var complaint: Complaint
    var allowedActions: [Action]
    /// Whether its `repeatOf` names a complaint outside the reader's scope (then left out).
    var hidesRepeatOf: Bool
}

extension ComplaintCore {
    /// What the lock knows of one complaint for a reader: it whole (hot), or where to read it.
    enum Found {
        case hot(ReadComplaint)
        case cold(id: String, head: ChainHead, version: UInt32, scope: AccessScope, slot: Int, sequence: Int32)
    }

    /// The complaint `id` as `actor` within `scope` may see it: from memory when hot, folded from
    /// its events in the log when cold (outside the lock). Nil when unknown or out of scope.
    func complaint(id: String, actor: Actor, within scope: AccessScope) -> Result<ReadComplaint?, HistoryGap> {
        let found = read { state -> Found? in
            guard let slot = state.complaints.book.slot(of: id), state.complaints.isVisible(slot, to: scope) else { return nil }
            return Self.found(slot, actor: actor, scope: scope, in: state)
        }
        return resolve(found)
    }

    /// The complaints at `slots` (already checked for scope), whole, in order; cold ones are
    /// read from the log outside the lock. A complaint whose history cannot be read is left out.
    func complaints(slots: [Int], actor: Actor, within scope: AccessScope) -> [ReadComplaint] {
        let found = read { state in slots.map { Self.found($0, actor: actor, scope: scope, in: state) } }
        return resolveAll(found).compactMap { $0 }
    }

    /// Resolves each of `found`, in order (nil where unknown or unreadable); cold ones on
    /// several threads when there are enough of them.
    func resolveAll(_ found: [Found?]) -> [ReadComplaint?] {
        let coldCount = found.count { if case .cold? = $0 { true } else { false } }
        // A page of closed complaints is read from the log: each is a chain of reads and a fold,
        // independent of the others, so they are read on every core (a page of 50 took 2-3 ms of
        // CPU at a million complaints, most of it these reads).
        let workers = min(Machine.cores, 4, coldCount / Self.coldReadsPerWorker)
        return Machine.map(found.count, workers: workers) { index in (try? resolve(found[index]).get()) ?? nil }
    }

    /// The fewest cold complaints worth handing to another thread.
    static let coldReadsPerWorker = 8

    /// One page of `query` within `scope`: the text of a closed complaint is read from its entry
    /// in the summary file (its content and demands, as for a complaint in memory; one read the
    /// page cache usually holds), else from its registration in the log (a random read at ten
    /// million complaints); a bounded number a page, see `ComplaintState.list`.
    func list(_ query: ComplaintQuery, within scope: AccessScope) -> Result<ComplaintPage, DomainError> {
        let cold = self.cold
        let summaries = self.summaries
        return read { state in
            let book = state.book
            let chains = state.chains
            return state.complaints.list(
                query, within: scope,
                coldText: { slot in
                    if let summaries, let key = ReplayBatch.SummaryKey(slot: slot, book: book, chains: chains),
                        let text = summaries.summary(key)?.searchText
                    {
                        return text
                    }
                    guard let first = chains.registration(of: slot) else { return nil }
                    return cold.registrationText(at: first, id: book.id(ofSlot: slot))
                })
        }
    }

    static func found(_ slot: Int, actor: Actor, scope: AccessScope, in state: borrowing CoreState) -> Found? {
        switch state.complaints.book.lookup(slot: slot) {
        case .missing:
            return nil
        case .hot(let complaint):
            return .hot(
                ReadComplaint(
                    complaint: complaint, allowedActions: state.complaints.book.allowedActions(for: complaint, actor: actor),
                    hidesRepeatOf: state.hides(repeatOf: complaint.repeatOf, from: scope)))
        case .cold(_, let record):
            guard let head = state.chains.head(of: slot) else { return nil }
            // A cold complaint's repeat link is read with it; whether the reader may see the
            // complaint it names is settled once it is read (see `resolve`).
            return .cold(
                id: state.complaints.book.id(ofSlot: slot), head: head, version: record.version, scope: scope, slot: slot, sequence: record.sequence)
        }
    }

    func resolve(_ found: Found?) -> Result<ReadComplaint?, HistoryGap> {
        switch found {
        case nil:
            return .success(nil)
        case .hot(let read):
            return .success(read)
        case .cold(let id, let head, let version, let scope, _, _):
            switch cold.complaint(id: id, head: head, version: version) {
            case .failure(let gap):
                return .failure(gap)
            case .success(let complaint):
                // The lock only when there is a link to check.
                let hides = complaint.repeatOf != nil && read { $0.hides(repeatOf: complaint.repeatOf, from: scope) }
                // A closed complaint out of memory has nothing left to do (a pending follow-up keeps it in memory).
                return .success(ReadComplaint(complaint: complaint, allowedActions: [], hidesRepeatOf: hides))
            }
        }
    }
}

extension ComplaintCore {
    /// The complaint the owner follows with `code`, whole (read back from the log when closed).
    func complaint(trackingCode code: String) -> Result<Complaint?, HistoryGap> {
        let found = read { state -> Found? in
            switch state.complaints.book.lookup(trackingCode: code) {
            case .missing: return nil
            case .hot(let complaint): return .hot(ReadComplaint(complaint: complaint, allowedActions: [], hidesRepeatOf: false))
            case .cold(let slot, let record):
                guard let head = state.chains.head(of: slot) else { return nil }
                return .cold(
                    id: state.complaints.book.id(ofSlot: slot), head: head, version: record.version, scope: .unrestricted, slot: slot,
                    sequence: record.sequence)
            }
        }
        return resolve(found).map { $0?.complaint }
    }
}
