import Foundation

/// What one event changed in the book, for the read side (`ComplaintIndexes`, `ReportLedger`).
public struct BookChange: Sendable {
    /// The complaint's slot.
    public let slot: Int
    /// Its compact record before the event; nil for a registration.
    public let before: CompactComplaint?
    /// Its compact record after the event.
    public let after: CompactComplaint
    /// The event.
    public let event: DomainEvent
    /// The whole complaint after the event, when it was in memory (also when the event closed it
    /// for good and it left memory): what the command's answer shows, shared with the book, not
    /// copied. Nil in a replay, which takes the complaints that leave memory elsewhere, to free
    /// them on another thread. (Held inline, a whole complaint made every change as large as
    /// one, moved byte by byte each time a replay handed a change on.)
    public let shared: SharedComplaint?

    /// A copy of `shared`'s complaint.
    public var whole: Complaint? { shared?.complaint }

    init(slot: Int, before: CompactComplaint?, after: CompactComplaint, event: DomainEvent, shared: SharedComplaint?) {
        self.slot = slot
        self.before = before
        self.after = after
        self.event = event
        self.shared = shared
    }
}

extension ComplaintBook {
    /// Folds one durable event into the book; unknown complaints are ignored (nil).
    ///
    /// Must stay cheap: tens of millions of events are replayed at start-up. A complaint that
    /// closes for good leaves memory here; its compact record stays.
    @discardableResult
    public mutating func evolve(_ event: DomainEvent) -> BookChange? {
        evolve(event, keepingWhole: true)
    }

    /// Folds one event; `keepingWhole` puts the complaint after it into the change (the service
    /// answers with it; a replay does not need it, and copying it costs a retain per field).
    public mutating func evolve(_ event: DomainEvent, keepingWhole: Bool) -> BookChange? {
        evolve(event, slot: slot(of: event), keepingWhole: keepingWhole)
    }

    /// Folds one event into the complaint at `slot`, found by the caller with `slot(of:)` on the
    /// event's complaint id (a replay looks it up once per event, not once per step).
    public mutating func evolve(_ event: DomainEvent, slot: Int?, keepingWhole: Bool) -> BookChange? {
        if case .registered(let registered) = event { return register(registered, event, keepingWhole: keepingWhole, armingClocks: true) }
        guard let slot else { return nil }
        guard let box = hot.uniqueBox(Int32(slot)) else { return evolveCold(event, slot: slot) }
        var departed: [Complaint] = []
        return evolve(event, slot: slot, box: box, keepingWhole: keepingWhole, departed: &departed)
    }

    /// `evolve(_:slot:keepingWhole:)` for a replay: the complaint's box is looked up once (it
    /// also tells whether the complaint is cold), a complaint the event closes for good is moved
    /// into `departed` (freed on another thread), and when the complaint is cold and the event
    /// changes more than its version, nothing changes and `cold` is set to its slot (bring it
    /// back with `hydrate`, then fold the event again).
    mutating func replay(_ event: DomainEvent, slot: Int?, cold: inout Int?, departed: inout [Complaint]) -> BookChange? {
        if case .registered(let registered) = event { return register(registered, event, keepingWhole: false, armingClocks: true) }
        guard let slot else { return nil }
        guard let box = hot.uniqueBox(Int32(slot)) else {
            if case .contactViewed = event { return evolveCold(event, slot: slot) }
            cold = slot
            return nil
        }
        return evolve(event, slot: slot, box: box, keepingWhole: false, departed: &departed)
    }

    /// What one step of a full replay (`replayDeferring`) tells the read side: the complaint's
    /// slot and estate, and whether it was open before the event and is after it.
    public struct DeferredStep: Sendable {
        public var slot: Int
        public var estate: UInt32
        public var wasOpen: Bool
        public var isOpen: Bool
    }

    /// `replay(_:slot:cold:departed:)` for a full replay, which finishes with `finishReplay`:
    /// a hot complaint's compact record is made when it leaves memory (or at the end, for those
    /// still hot), not after each of its events (the records and report facts made at every
    /// event were a sixth of the fold), and the deadline heap is armed once at the end (re-arming
    /// and cleaning it at every event was 7 %). In between, the record of a hot complaint holds
    /// only what its registration fixed (owner, place, sequence, tracking code, receipt).
    mutating func replayDeferring(_ event: DomainEvent, slot: Int?, cold: inout Int?, departed: inout [Complaint]) -> DeferredStep? {
        if case .registered(let registered) = event {
            guard let change = register(registered, event, keepingWhole: false, armingClocks: false) else { return nil }
            return DeferredStep(slot: change.slot, estate: change.after.estate, wasOpen: false, isOpen: change.after.complaintStatus.isOpen)
        }
        guard let slot else { return nil }
        guard let box = hot.uniqueBox(Int32(slot)) else {
            guard case .contactViewed = event else {
                cold = slot
                return nil
            }
            let change = evolveCold(event, slot: slot)
            let wasOpen = change.before?.complaintStatus.isOpen ?? false
            return DeferredStep(slot: slot, estate: change.after.estate, wasOpen: wasOpen, isOpen: change.after.complaintStatus.isOpen)
        }
        let key = Int32(slot)
        // Changed where it lies in its box: only a complaint that leaves memory is moved out.
        let (incidentBefore, incidentAfter, wasOpen, isOpen, staysHot) = box.update { complaint in
            let incidentBefore = complaint.incidentID
            let wasOpen = complaint.status.isOpen
            complaint.evolve(event)
            return (incidentBefore, complaint.incidentID, wasOpen, complaint.status.isOpen, Self.staysHot(complaint))
        }
        // Interned at the event, as making its record then would: the users' ids follow the
        // order in which handlers first appear.
        if case .dispatched(let e) = event { _ = strings.users.intern(e.handler) }
        if incidentBefore != incidentAfter {
            if let old = incidentBefore { slotsByIncident[old]?.removeAll { $0 == key } }
            if let new = incidentAfter { slotsByIncident[new, default: []].append(key) }
        }
        if !staysHot {
            let complaint = box.take()
            records[slot] = CompactComplaint(complaint, previous: records[slot], strings: &strings, isHot: false)
            hot.remove(key)
            departed.append(consume complaint)
        }
        return DeferredStep(slot: slot, estate: records[slot].estate, wasOpen: wasOpen, isOpen: isOpen)
    }

    /// Ends a full replay (`replayDeferring`): makes the compact records of the complaints still
    /// hot, and arms their clocks afresh (the heap then holds what re-arming at every event would
    /// have left live, without its stale entries).
    mutating func finishReplay() {
        armed = [:]
        heap = DeadlineHeap()
        for (key, complaint) in hot {
            records[Int(key)] = CompactComplaint(complaint, previous: records[Int(key)], strings: &strings, isHot: true)
            rearm(Int(key), complaint)
        }
        cleanHeap()
    }

    /// A cold complaint: only audit facts, which change nothing but the version, arrive here (the
    /// service brings a cold complaint back with `hydrate` before anything else).
    private mutating func evolveCold(_ event: DomainEvent, slot: Int) -> BookChange {
        let before = records[slot]
        records[slot].version &+= 1
        records[slot].updatedAt = Swift.max(records[slot].updatedAt, Milliseconds.of(event.at))
        return BookChange(slot: slot, before: before, after: records[slot], event: event, shared: nil)
    }

    /// Folds one event into the hot complaint in `box` (at `slot`). Unless `keepingWhole`, a
    /// complaint the event closes for good is moved into `departed` rather than freed here.
    private mutating func evolve(
        _ event: DomainEvent, slot: Int, box: HotComplaints.Box, keepingWhole: Bool, departed: inout [Complaint]
    ) -> BookChange {
        let key = Int32(slot)
        let before = records[slot]
        // Moved out of its box and back, so it is changed as a local value and never copied (the
        // box itself is copied first only while a snapshot still shares it).
        var complaint = box.take()
        let incidentBefore = complaint.incidentID
        complaint.evolve(event)
        let staysHot = Self.staysHot(complaint)
        let after = CompactComplaint(complaint, previous: before, strings: &strings, isHot: staysHot)
        records[slot] = after
        let incidentAfter = complaint.incidentID
        if incidentBefore != incidentAfter {
            if let old = incidentBefore { slotsByIncident[old]?.removeAll { $0 == key } }
            if let new = incidentAfter { slotsByIncident[new, default: []].append(key) }
        }
        if staysHot {
            rearm(slot, complaint)
        } else {
            armed[key] = nil
        }
        cleanHeap()
        let shared: SharedComplaint?
        if staysHot {
            box.put(consume complaint)
            shared = keepingWhole ? SharedComplaint(box: box) : nil
        } else {
            hot.remove(key)
            if keepingWhole {
                shared = SharedComplaint(complaint)
            } else {
                // Moved straight into the array, not through the change (each move of a whole
                // complaint is a copy of its bytes).
                departed.append(consume complaint)
                shared = nil
            }
        }
        return BookChange(slot: slot, before: before, after: after, event: event, shared: shared)
    }

    /// Applies events in order.
    public mutating func evolve<Events: Sequence>(_ events: Events) where Events.Element == DomainEvent {
        for event in events { _ = evolve(event, keepingWhole: false) }
    }

    /// The slot of the complaint `event` belongs to; nil for a registration (it makes the slot)
    /// and for an unknown complaint.
    public func slot(of event: DomainEvent) -> Int? {
        slot(of: event, sequence: nil)
    }

    /// `slot(of:)` given the sequence the event's id names when the caller read it already
    /// (`slot(of:sequence:)`).
    public func slot(of event: DomainEvent, sequence: Int?) -> Int? {
        if case .registered = event { return nil }
        return slot(of: event.complaintID, sequence: sequence)
    }

    /// The slot of a cold complaint `event` would change beyond its version: fold that complaint
    /// from its events and `hydrate` it before `evolve`. Nil when nothing needs bringing back.
    public func needsHistory(_ event: DomainEvent) -> Int? {
        needsHistory(event, slot: slot(of: event.complaintID))
    }

    /// `needsHistory(_:)` for an event whose complaint's slot the caller already looked up.
    public func needsHistory(_ event: DomainEvent, slot: Int?) -> Int? {
        switch event {
        case .registered, .contactViewed: return nil
        default: break
        }
        guard let slot, !hot.contains(Int32(slot)) else { return nil }
        return slot
    }

    /// Whether a complaint must stay whole in memory: open, or a follow-up visit still due.
    static func staysHot(_ complaint: borrowing Complaint) -> Bool {
        complaint.status != .closed || complaint.followUpDueAt != nil
    }

    /// Reserves room for `count` complaints, so a replay of known size does not regrow storage.
    public mutating func reserveCapacity(_ count: Int) {
        tracking.reserveCapacity(count) { records[Int($0)].trackingCode }
    }

    /// Registers the complaint `e` describes; `event` is `.registered(e)` itself, handed on to
    /// the change as it is (wrapping `e` again boxed and copied the whole payload).
    /// Unless `armingClocks`, the deadline heap is left alone (`finishReplay` arms it).
    private mutating func register(
        _ e: DomainEvent.Registered, _ event: DomainEvent, keepingWhole: Bool, armingClocks: Bool
    ) -> BookChange? {
        // Sequences only ascend; an out-of-order or repeated registration would break the
        // slot search, so it is dropped (decide never produces one). So is a tracking code
        // already given: the code is parsed once and the index probed once for both the check
        // and the insertion (parsed twice and probed twice, with the records each probe passes
        // read twice, the replay ran about 0.4 % more instructions).
        guard e.sequence >= nextSequence else { return nil }
        let slot = records.count
        let key = Int32(slot)
        let code = TrackingIndex.Code(presented: e.trackingCode)
        guard tracking.insertIfAbsent(code, slot: key, code: { records[Int($0)].trackingCode }) else { return nil }
        let complaint = Complaint(registered: e)
        let record = CompactComplaint(complaint, code: code, strings: &strings, isHot: true)
        if let previous = records.isEmpty ? nil : records[slot - 1], record.receivedAt < previous.receivedAt {
            receiptsAscend = false
        }
        records.append(record)
        lastSequence = e.sequence
        if let incident = complaint.incidentID { slotsByIncident[incident, default: []].append(key) }
        let window = Milliseconds.of(Date(timeIntervalSince1970: Swift.max(policy.duplicateWindow, policy.repeatWindow)))
        let newest = record.receivedAt
        let ascending = receiptsAscend
        recentByUnit.insert(
            key, at: RecentUnitIndex.key(building: record.building, unit: record.unit),
            isOld: { old in newest &- records[Int(old)].receivedAt > window },
            oldBelow: { ascending ? Int32(Self.firstSlot(in: records, receivedAtOrAfter: newest &- window)) : nil })
        if armingClocks {
            rearm(slot, complaint)
            cleanHeap()
        }
        let box = HotComplaints.Box.make(complaint)
        hot.insert(box, at: key)
        return BookChange(slot: slot, before: nil, after: record, event: event, shared: keepingWhole ? SharedComplaint(box: box) : nil)
    }
}
