import Foundation

// Cold complaints come back whole for a command: the service folds one from its events (which
// it reads from the log) and hands it over; the book checks it matches the compact record.

extension ComplaintBook {
    /// Brings a cold complaint back whole so it can be decided on and evolved. False when it
    /// does not match the book (unknown, or another event changed it meanwhile).
    @discardableResult
    public mutating func hydrate(_ complaint: Complaint) -> Bool {
        guard let slot = slot(of: complaint.id) else { return false }
        let key = Int32(slot)
        if let held = hot.withComplaint(key, { $0.version }) { return held == complaint.version }
        guard records[slot].version == UInt32(truncatingIfNeeded: complaint.version) else { return false }
        hot[key] = complaint
        records[slot].flagSet.insert(.hot)
        rearm(slot, complaint)
        cleanHeap()
        return true
    }

    /// The slots of the complaints held whole, ascending.
    public var hotSlots: [Int] { hot.slots.map { Int($0) } }

    /// Holds `complaint` whole in place of the one held at its slot, when both are the same
    /// version (a full replay that left the texts out reads the complaints still held back whole
    /// from the log: `DomainEvent.Reader(leavingOutTexts:)`). False, changing nothing, when no
    /// complaint with its id is held or the one held is another version.
    public mutating func replaceHeld(_ complaint: consuming Complaint) -> Bool {
        guard let slot = slot(of: complaint.id), hot.withComplaint(Int32(slot), { $0.version }) == complaint.version else { return false }
        hot.insert(complaint, at: Int32(slot))
        return true
    }

    /// Lets a complaint brought back for a command leave memory again when it need not stay
    /// (the command was refused, or changed nothing that keeps it open).
    public mutating func release(slot: Int) {
        let key = Int32(slot)
        guard slot >= 0, slot < records.count, hot.withComplaint(key, { !Self.staysHot($0) }) == true else { return }
        hot.remove(key)
        armed[key] = nil
        records[slot].flagSet.remove(.hot)
    }

    /// Whether the complaint with `id` is known but out of memory (it must be brought back
    /// with `hydrate` before a command on it is decided).
    public func isCold(id: String) -> Bool {
        guard let slot = slot(of: id) else { return false }
        return !hot.contains(Int32(slot))
    }
}

extension Complaint {
    /// Folds a complaint from its events, oldest first; nil unless the first is its registration.
    public static func folding<Events: Sequence>(_ events: Events) -> Complaint? where Events.Element == DomainEvent {
        var iterator = events.makeIterator()
        guard case .registered(let registered)? = iterator.next() else { return nil }
        var complaint = Complaint(registered: registered)
        while let event = iterator.next() {
            guard event.complaintID == complaint.id else { continue }
            complaint.evolve(event)
        }
        return complaint
    }
}
