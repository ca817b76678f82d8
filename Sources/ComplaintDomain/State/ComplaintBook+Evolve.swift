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
    /// for good and it left memory): what the command's answer shows. A replay takes the
    /// complaints that leave memory from here (`departing`) to free them on another thread.
    public internal(set) var whole: Complaint?
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
        if case .registered(let registered) = event { return register(registered, event, keepingWhole: keepingWhole) }
        return evolve(event, slot: slot(of: event.complaintID), keepingWhole: keepingWhole)
    }

    /// Folds one event into the complaint at `slot`, found by the caller with `slot(of:)` on the
    /// event's complaint id (a replay looks it up once per event, not once per step). With
    /// `departing`, a complaint the event closes for good is moved into the change's `whole`
    /// rather than freed here.
    public mutating func evolve(_ event: DomainEvent, slot: Int?, keepingWhole: Bool, departing: Bool = false) -> BookChange? {
        if case .registered(let registered) = event { return register(registered, event, keepingWhole: keepingWhole) }
        guard let slot else { return nil }
        let key = Int32(slot)
        let before = records[slot]
        // Moved out of its box and back, so it is changed as a local value and never copied (the
        // box itself is copied first only while a snapshot still shares it).
        guard let box = hot.uniqueBox(key) else {
            // Cold: only audit facts, which change nothing but the version, arrive here (the
            // service brings a cold complaint back with `hydrate` before anything else).
            records[slot].version &+= 1
            records[slot].updatedAt = Swift.max(records[slot].updatedAt, Milliseconds.of(event.at))
            return BookChange(slot: slot, before: before, after: records[slot], event: event, whole: nil)
        }
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
        let whole: Complaint? = keepingWhole ? complaint : nil
        if staysHot {
            box.put(consume complaint)
        } else {
            hot.remove(key)
            if departing && !keepingWhole {
                // Moved out, not freed here (`departing`): only a complaint that leaves memory.
                return BookChange(slot: slot, before: before, after: after, event: event, whole: consume complaint)
            }
        }
        return BookChange(slot: slot, before: before, after: after, event: event, whole: whole)
    }

    /// Applies events in order.
    public mutating func evolve<Events: Sequence>(_ events: Events) where Events.Element == DomainEvent {
        for event in events { _ = evolve(event, keepingWhole: false) }
    }

    /// The slot of the complaint `event` belongs to; nil for a registration (it makes the slot)
    /// and for an unknown complaint.
    public func slot(of event: DomainEvent) -> Int? {
        if case .registered = event { return nil }
        return slot(of: event.complaintID)
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
    private mutating func register(_ e: DomainEvent.Registered, _ event: DomainEvent, keepingWhole: Bool) -> BookChange? {
        // Sequences only ascend; an out-of-order or repeated registration would break the
        // slot search, so it is dropped (decide never produces one).
        guard e.sequence >= nextSequence, slot(trackingCode: e.trackingCode) == nil else { return nil }
        let slot = records.count
        let key = Int32(slot)
        let complaint = Complaint(registered: e)
        let record = CompactComplaint(complaint, strings: &strings, isHot: true)
        if let previous = records.isEmpty ? nil : records[slot - 1], record.receivedAt < previous.receivedAt {
            receiptsAscend = false
        }
        records.append(record)
        lastSequence = e.sequence
        tracking.insert(record.trackingCode, slot: key) { records[Int($0)].trackingCode }
        if let incident = complaint.incidentID { slotsByIncident[incident, default: []].append(key) }
        let window = Milliseconds.of(Date(timeIntervalSince1970: Swift.max(policy.duplicateWindow, policy.repeatWindow)))
        let newest = record.receivedAt
        recentByUnit.insert(key, at: RecentUnitIndex.key(building: record.building, unit: record.unit)) { old in
            newest &- records[Int(old)].receivedAt > window
        }
        rearm(slot, complaint)
        cleanHeap()
        let whole: Complaint? = keepingWhole ? complaint : nil
        hot.insert(complaint, at: key)
        return BookChange(slot: slot, before: nil, after: record, event: event, whole: whole)
    }
}
