import Foundation

/// Every complaint of a deployment: what `decide` needs, folded from events.
///
/// Every complaint has a compact record (`CompactComplaint`, about a hundred bytes, no
/// references) in slot order; only *hot* complaints — open ones, closed ones with a follow-up
/// visit pending, and cold ones brought back for a command — are kept whole. A closed complaint
/// leaves memory after its last event; the service folds it again from its events when asked
/// (`Complaint.folding(_:)`) and hands it back with `hydrate(_:)` before deciding on it.
///
/// `decide` is pure and never mutates; `evolve` is the only mutation, used both for replay at
/// start-up and after the service has made new events durable. It returns a `BookChange` that
/// the read side (`ComplaintIndexes`, `ReportLedger`) observes.
public struct ComplaintBook: Sendable {
    /// The numbers and tables of the workflow.
    public let policy: WorkflowPolicy
    /// The policy zone's local days and months, computed once: the reply clock needs them per
    /// resolution, and every id lookup its month.
    let zone: LocalZone
    /// The configured staff a dispatch may name; nil leaves the handler unchecked (tools, tests).
    public var staff: StaffDirectory?

    /// Every complaint's compact record, by slot (registration order: sequences ascend).
    var records = ChunkedArray<CompactComplaint>()
    /// The whole complaint of every hot slot (boxed in groups, so a snapshot's share of it
    /// does not make the next command copy every open complaint).
    var hot = HotComplaints()
    /// The strings the compact records refer to.
    public internal(set) var strings = BookStrings()
    /// Tracking code → slot.
    var tracking = TrackingIndex()
    /// Complaints by staff-confirmed incident, for the "more than five owners" rule.
    var slotsByIncident: [String: [Int32]] = [:]
    /// Recent complaints by unit, for repeats and duplicate hints.
    var recentByUnit = RecentUnitIndex()
    /// Armed deadlines of hot complaints, and what each hot complaint has armed.
    var heap = DeadlineHeap()
    var armed: [Int32: ArmedClocks] = [:]
    /// The highest sequence registered.
    var lastSequence = 0
    /// Whether receipt times ascend with the slot, so a period is found by binary search.
    public internal(set) var receiptsAscend = true

    /// Creates an empty book.
    public init(policy: WorkflowPolicy = WorkflowPolicy()) {
        self.policy = policy
        self.zone = LocalZone(calendar: policy.calendar)
    }

    /// How many complaints the book holds.
    public var count: Int { records.count }

    /// How many complaints are held whole in memory.
    public var hotCount: Int { hot.count }

    /// The sequence the next registration should use.
    public var nextSequence: Int { lastSequence + 1 }

    /// The compact record at `slot`.
    public func record(at slot: Int) -> CompactComplaint { records[slot] }

    /// The whole complaint with `id` if it is in memory; nil when unknown or cold.
    public func complaint(id: String) -> Complaint? {
        slot(of: id).flatMap { hot[Int32($0)] }
    }

    /// Where the complaint with `id` stands in memory.
    public func lookup(id: String) -> Lookup {
        guard let slot = slot(of: id) else { return .missing }
        return lookup(slot: slot)
    }

    /// Whether the complaint at `slot` is held whole (cheaper than `lookup(slot:)`: no copy).
    public func isHot(slot: Int) -> Bool { hot.contains(Int32(slot)) }

    /// Where the complaint at `slot` stands in memory.
    public func lookup(slot: Int) -> Lookup {
        if let complaint = hot[Int32(slot)] { return .hot(complaint) }
        return .cold(slot: slot, record: records[slot])
    }

    /// The complaint the owner follows with `trackingCode`.
    public func lookup(trackingCode: String) -> Lookup {
        guard let slot = slot(trackingCode: trackingCode) else { return .missing }
        return lookup(slot: slot)
    }

    /// The whole complaint the owner follows with `trackingCode`, if it is in memory.
    public func complaint(trackingCode: String) -> Complaint? {
        slot(trackingCode: trackingCode).flatMap { hot[Int32($0)] }
    }

    /// The slot of a tracking code.
    func slot(trackingCode: String) -> Int? {
        let code = TrackingIndex.Code(presented: trackingCode)
        return tracking.slot(of: code) { records[Int($0)].trackingCode }.map(Int.init)
    }

    /// The slot of `id`: the sequence is part of the id, so no id dictionary is needed.
    public func slot(of id: String) -> Int? {
        guard let sequence = Self.sequence(inID: id), let slot = slot(ofSequence: sequence) else { return nil }
        return matches(id, records[slot]) ? slot : nil
    }

    /// `slot(of:)` for a replay, which read the id's sequence already (from the event's record,
    /// on its reading thread): while the complaint is held whole, its id is compared with `id`
    /// where it lies in its box, the memory the event touches next. Parsing the id and working
    /// out the month of receipt from the record (`matches`) at every event was 6 % of a replay's
    /// fold. A cold complaint, or a sequence naming another complaint, goes by `slot(of:)`.
    public func slot(of id: String, sequence: Int?) -> Int? {
        if let sequence, let slot = slot(ofSequence: sequence), hot.withComplaint(Int32(slot), { $0.id == id }) == true { return slot }
        return slot(of: id)
    }

    /// The slot holding `sequence`: where it would be if no sequence were skipped (nearly always),
    /// else by binary search over the ascending sequences.
    func slot(ofSequence sequence: Int) -> Int? {
        if let guess = guessedSlot(ofSequence: sequence), Int(records[guess].sequence) == sequence { return guess }
        let slot = lowerBound(sequence: sequence)
        return slot < records.count && Int(records[slot].sequence) == sequence ? slot : nil
    }

    /// Where the memory an event of the complaint `id` touches first lies: its compact record
    /// and, when held whole, its box (`HotComplaints.Box`). For a replay, which asks the CPU
    /// for both a few events ahead (`id` from the record's stream, before its event is folded):
    /// at 10 M complaints they are cache misses. Guesses the slot as `slot(ofSequence:)` does
    /// first; nil where there is nothing to ask for (a registration's complaint is not there yet).
    public func addresses(ahead id: String) -> (record: UnsafeRawPointer?, complaint: UnsafeRawPointer?) {
        guard let sequence = Self.sequence(inID: id) else { return (nil, nil) }
        return addresses(aheadSequence: sequence)
    }

    /// `addresses(ahead:)` of the id whose sequence is `sequence`.
    public func addresses(aheadSequence sequence: Int) -> (record: UnsafeRawPointer?, complaint: UnsafeRawPointer?) {
        guard let guess = guessedSlot(ofSequence: sequence) else { return (nil, nil) }
        return (records.address(of: guess), hot.address(of: Int32(guess)))
    }

    /// Where `sequence` lies if no sequence before it was skipped; nil outside the book.
    private func guessedSlot(ofSequence sequence: Int) -> Int? {
        guard !records.isEmpty else { return nil }
        let guess = sequence - Int(records[0].sequence)
        return guess >= 0 && guess < records.count ? guess : nil
    }

    /// The first slot whose sequence is at least `sequence` (the count when none is).
    public func lowerBound(sequence: Int) -> Int {
        var low = 0
        var high = records.count
        while low < high {
            let middle = (low + high) / 2
            if Int(records[middle].sequence) < sequence { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Where a complaint stands in memory.
    public enum Lookup: Sendable {
        /// Unknown.
        case missing
        /// Held whole.
        case hot(Complaint)
        /// Closed and out of memory: fold it from its events to see it whole.
        case cold(slot: Int, record: CompactComplaint)
    }
}
