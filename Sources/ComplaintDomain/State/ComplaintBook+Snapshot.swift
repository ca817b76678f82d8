import Foundation

extension ComplaintBook {
    /// The complaints in sequence order, for a snapshot (a copy-on-write copy: O(1) until the book changes).
    public var snapshotComplaints: [Complaint] { complaints }

    /// Rebuilds a book, with every index and armed deadline, from the complaints of a snapshot
    /// (in sequence order); replaying the events after the snapshot then gives the live state.
    public init(policy: WorkflowPolicy, restoring snapshot: [Complaint]) {
        self.init(policy: policy)
        reserveCapacity(snapshot.count)
        for complaint in snapshot { restore(complaint) }
    }

    private mutating func restore(_ complaint: Complaint) {
        guard complaint.sequence > lastSequence, slotByTrackingCode[complaint.trackingCode] == nil else { return }
        let slot = complaints.count
        let slot32 = Int32(slot)
        complaints.append(complaint)
        lastSequence = complaint.sequence
        slotByTrackingCode[complaint.trackingCode] = slot32
        slotsByEstate[complaint.complainant.estate, default: []].append(slot32)
        slotsByBuilding[Self.buildingKey(estate: complaint.complainant.estate, building: complaint.complainant.building), default: []]
            .append(slot32)
        if let incident = complaint.incidentID { slotsByIncident[incident, default: []].append(slot32) }
        let fields = IndexedFields(complaints, slot)
        channelIndex.move(slot, from: nil, to: complaint.channel)
        statusIndex.move(slot, from: nil, to: fields.status)
        severityIndex.move(slot, from: nil, to: fields.severity)
        departmentIndex.move(slot, from: nil, to: fields.department)
        categoryIndex.move(slot, from: nil, to: fields.category)
        if fields.hasPendingVisit { visitPending.insert(slot) }
        if fields.status != .closed && fields.deadlines.entries.contains(where: { $0.deadline.escalatedAt != nil && $0.deadline.metAt == nil }) {
            escalatedOpen.insert(slot)
        }
        pushArmed(slot, from: nil, to: fields)
        noteRecordedWork(slot)
    }
}
