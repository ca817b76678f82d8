import Foundation

/// The list indexes: a read model that observes every `BookChange` and never decides anything.
///
/// Bitsets per status, severity, category, department and channel; ascending slot lists per
/// estate, building and worker; the visit and escalation sets; the search chains
/// (`SearchIndexes`). All but the worker lists are
/// derived from the compact records, so a snapshot does not store them: they are made again at load.
public struct ComplaintIndexes: Sendable {
    var status = EnumIndex<ComplaintStatus>()
    var severity = EnumIndex<Severity>()
    var department = EnumIndex<Department>()
    var category = EnumIndex<Department>()
    var channel = EnumIndex<Channel>()
    /// Slots by estate id, ascending.
    var slotsByEstate: [[Int32]] = []
    /// Slots by building id, ascending.
    var slotsByBuilding: [[Int32]] = []
    /// Slots each actor worked on (see `Complaint.wasWorkedOn(by:)`), ascending.
    var slotsByWorker: [String: [Int32]] = [:]
    /// Complaints with a return or follow-up visit pending.
    var visitPending = SlotBitSet()
    /// Open complaints with an escalated clock still unmet.
    var escalatedOpen = SlotBitSet()
    /// Phone, name and home chains for search.
    public internal(set) var search = SearchIndexes()

    /// Creates empty indexes.
    public init() {}

    /// Follows one change of the book.
    public mutating func observe(_ change: BookChange, strings: BookStrings) {
        let slot = change.slot
        let new = change.after
        let old = change.before
        if old == nil { insertNew(slot, new, strings: strings) }
        status.move(slot, from: old.flatMap { ComplaintStatus(ordinal: $0.status) }, to: new.complaintStatus)
        severity.move(slot, from: old?.complaintSeverity, to: new.complaintSeverity)
        department.move(slot, from: old?.complaintDepartment, to: new.complaintDepartment)
        category.move(slot, from: old?.complaintCategory, to: new.complaintCategory)
        channel.move(slot, from: old?.complaintChannel, to: new.complaintChannel)
        let flags = new.flagSet
        if flags.contains(.visitPending) { visitPending.insert(slot) } else { visitPending.remove(slot) }
        if flags.contains(.escalatedOpen) { escalatedOpen.insert(slot) } else { escalatedOpen.remove(slot) }
        observeWork(change)
    }

    /// Follows the one part of a change the compact records cannot give back: who worked on the
    /// complaint. A full replay follows only this, and builds the rest from the records at the
    /// end (`ComplaintState.buildListsAfterReplay`).
    mutating func observeWork(_ change: BookChange) {
        observeWork(slot: change.slot, event: change.event)
    }

    /// `observeWork(_:)` of `event` folded into the complaint at `slot`.
    mutating func observeWork(slot: Int, event: DomainEvent) {
        switch event {
        case .registered(let e): noteWork(slot, by: e.actor.id)
        case .dispatched(let e): noteWork(slot, by: e.handler)
        case .acknowledged(let e): noteWork(slot, by: e.actor.id)
        case .progressNoted(let e): noteWork(slot, by: e.actor.id)
        case .resolved(let e): noteWork(slot, by: e.actor.id)
        default: break
        }
    }

    private mutating func insertNew(_ slot: Int, _ record: CompactComplaint, strings: BookStrings) {
        let key = Int32(slot)
        Self.append(key, to: &slotsByEstate, at: Int(record.estate))
        Self.append(key, to: &slotsByBuilding, at: Int(record.building))
        search.insert(slot, record, strings: strings)
    }

    private static func append(_ slot: Int32, to lists: inout [[Int32]], at index: Int) {
        if index >= lists.count { lists.append(contentsOf: repeatElement([], count: index + 1 - lists.count)) }
        lists[index].append(slot)
    }

    /// Records that `actorID` worked on `slot` (kept ascending and without repeats).
    mutating func noteWork(_ slot: Int, by actorID: String) {
        // Changed in place through the dictionary's accessor: one lookup, no copy of the list
        // (taking it out and putting it back hashed the id twice per event of a replay).
        Self.note(Int32(slot), in: &slotsByWorker[actorID, default: []])
    }

    /// Adds `slot32` to an ascending list without repeats.
    private static func note(_ slot32: Int32, in list: inout [Int32]) {
        if let last = list.last, last >= slot32 {
            var low = 0
            var high = list.count
            while low < high {
                let middle = (low + high) / 2
                if list[middle] < slot32 { low = middle + 1 } else { high = middle }
            }
            if list[low] != slot32 { list.insert(slot32, at: low) }
        } else {
            list.append(slot32)
        }
    }

    /// Whether `actorID` worked on `slot`.
    func didWork(_ actorID: String, on slot: Int) -> Bool {
        guard let list = slotsByWorker[actorID] else { return false }
        var low = 0
        var high = list.count
        let target = Int32(slot)
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list[low] == target
    }

    /// The worker index, for a snapshot (it cannot be derived from compact records).
    public var workers: [String: [Int32]] { slotsByWorker }

    /// Puts back the worker index of a snapshot.
    public mutating func restoreWorkers(_ workers: [String: [Int32]]) { slotsByWorker = workers }
}
