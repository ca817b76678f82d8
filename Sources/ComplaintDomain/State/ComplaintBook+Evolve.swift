import Foundation

extension ComplaintBook {
    /// Folds one durable event into the book and its indexes; unknown complaints are ignored.
    ///
    /// Must stay cheap: a million events are replayed at start-up.
    public mutating func evolve(_ event: DomainEvent) {
        if case .registered(let registered) = event {
            register(registered)
            return
        }
        guard let slot = slot(of: event.complaintID) else { return }
        let before = IndexedFields(complaints, slot)
        let facts = ReportFacts(complaints, slot)
        complaints[slot].evolve(event)
        ledger.record(event, slot: slot, from: facts, to: ReportFacts(complaints, slot))
        reindex(slot, from: before, to: IndexedFields(complaints, slot))
        switch event {
        case .linked(let linked) where before.incidentID != linked.incidentID:
            if let old = before.incidentID { slotsByIncident[old]?.removeAll { $0 == Int32(slot) } }
            slotsByIncident[linked.incidentID, default: []].append(Int32(slot))
        case .dispatched(let e):
            noteWork(slot, by: e.handler)
        case .acknowledged(let e):
            noteWork(slot, by: e.actor.id)
        case .progressNoted(let e):
            noteWork(slot, by: e.actor.id)
        case .resolved(let e):
            noteWork(slot, by: e.actor.id)
        default:
            break
        }
    }

    /// Reserves room for `count` complaints, so a replay of known size does not regrow storage.
    public mutating func reserveCapacity(_ count: Int) {
        complaints.reserveCapacity(count)
        slotByTrackingCode.reserveCapacity(count)
    }

    /// Applies events in order.
    public mutating func evolve<Events: Sequence>(_ events: Events) where Events.Element == DomainEvent {
        for event in events { evolve(event) }
    }

    private mutating func register(_ e: DomainEvent.Registered) {
        // Sequences only ascend; an out-of-order or repeated registration would break the
        // slot search, so it is dropped (decide never produces one).
        guard e.sequence >= nextSequence, slotByTrackingCode[e.trackingCode] == nil else { return }
        let slot = complaints.count
        complaints.append(Complaint(registered: e))
        lastSequence = e.sequence
        let slot32 = Int32(slot)
        slotByTrackingCode[e.trackingCode] = slot32
        slotsByEstate[e.complainant.estate, default: []].append(slot32)
        slotsByBuilding[Self.buildingKey(estate: e.complainant.estate, building: e.complainant.building), default: []]
            .append(slot32)
        if let incident = complaints[slot].incidentID { slotsByIncident[incident, default: []].append(slot32) }
        channelIndex.move(slot, from: nil, to: e.channel)
        statusIndex.move(slot, from: nil, to: .received)
        categoryIndex.move(slot, from: nil, to: e.category)
        pushArmed(slot, from: nil, to: IndexedFields(complaints, slot))
        noteWork(slot, by: e.actor.id)
        ledger.register(slot: slot, estate: e.complainant.estate, building: e.complainant.building, receivedAt: e.at,
                        facts: ReportFacts(complaints, slot))
    }

    private mutating func reindex(_ slot: Int, from old: IndexedFields, to new: IndexedFields) {
        statusIndex.move(slot, from: old.status, to: new.status)
        severityIndex.move(slot, from: old.severity, to: new.severity)
        departmentIndex.move(slot, from: old.department, to: new.department)
        categoryIndex.move(slot, from: old.category, to: new.category)
        if new.hasPendingVisit { visitPending.insert(slot) } else { visitPending.remove(slot) }
        if new.status != .closed && new.deadlines.entries.contains(where: { $0.deadline.escalatedAt != nil && $0.deadline.metAt == nil }) {
            escalatedOpen.insert(slot)
        } else {
            escalatedOpen.remove(slot)
        }
        pushArmed(slot, from: old, to: new)
    }

    /// Pushes heap entries for clocks armed or moved by the last event, then drops stale tops.
    mutating func pushArmed(_ slot: Int, from old: IndexedFields?, to new: IndexedFields) {
        for entry in new.deadlines.entries where entry.deadline.isArmed {
            let (kind, deadline) = (entry.kind, entry.deadline)
            let previous = old?.deadlines[kind]
            if previous?.dueAt != deadline.dueAt || previous?.isArmed != true {
                heap.push(.init(dueAt: deadline.dueAt.timeIntervalSinceReferenceDate, slot: Int32(slot), kind: UInt8(kind.ordinal)))
            }
        }
        if let upgradeAt = new.autoUpgradeAt, upgradeAt != old?.autoUpgradeAt {
            heap.push(.init(dueAt: upgradeAt.timeIntervalSinceReferenceDate, slot: Int32(slot), kind: DeadlineHeap.autoUpgradeKind))
        }
        let complaints = self.complaints
        heap.clean { Self.isLive($0, in: complaints) }
    }

    /// Whether a heap entry still describes an armed, unfired deadline.
    ///
    /// Reads single fields through the array rather than copying the whole complaint, which
    /// would retain and release every string it holds.
    static func isLive(_ entry: DeadlineHeap.Entry, in complaints: [Complaint]) -> Bool {
        let slot = Int(entry.slot)
        let status = complaints[slot].status
        guard status != .closed else { return false }
        if entry.kind == DeadlineHeap.autoUpgradeKind {
            return complaints[slot].autoUpgradeAt?.timeIntervalSinceReferenceDate == entry.dueAt
                && status.isUnresolved && complaints[slot].severity != .major
        }
        guard let deadline = complaints[slot].deadlines[ClockKind(ordinal: Int(entry.kind))] else { return false }
        return deadline.isArmed && deadline.dueAt.timeIntervalSinceReferenceDate == entry.dueAt
    }
}

/// The fields the indexes depend on, captured before and after an event instead of a full copy.
struct IndexedFields {
    var status: ComplaintStatus
    var severity: Severity?
    var department: Department?
    var category: Department?
    var incidentID: String?
    var autoUpgradeAt: Date?
    var hasPendingVisit: Bool
    var deadlines: Deadlines

    /// Reads the fields one by one: passing `complaints[slot]` would copy the whole complaint.
    init(_ complaints: [Complaint], _ slot: Int) {
        status = complaints[slot].status
        severity = complaints[slot].severity
        department = complaints[slot].department
        category = complaints[slot].category
        incidentID = complaints[slot].incidentID
        autoUpgradeAt = complaints[slot].autoUpgradeAt
        hasPendingVisit = complaints[slot].visitDueAt != nil || complaints[slot].followUpDueAt != nil
        deadlines = complaints[slot].deadlines
    }
}
