import Foundation

// Written out rather than synthesized because half the fields live in the copy-on-write box:
// the JSON stays one flat object, whatever the in-memory layout.

extension Complaint: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, sequence, trackingCode, channel, complainant, content
        case demands, incidentTime, incidentPlace, complaintObject, category, incidentID
        case requestedBy, repeatOf, incidentHint, receivedBy, receivedAt, updatedAt, status, version
        case isValid, isInScope, nature, reclassifiedFrom, contentType, severity
        case isUrgent, explanation, department, handler, deadlines, autoUpgradeAt
        case progressNotes, resolution, approval, reply, visits, visitDueAt
        case followUpDueAt, reprocessCount, unsatisfiedCount, reminderCount, lastReminderAt, extensionCount
        case escalations, upgrades, closing, transitions
    }

    /// Encodes every field flat, inline and boxed alike; nil fields are left out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(trackingCode, forKey: .trackingCode)
        try c.encode(channel, forKey: .channel)
        try c.encode(complainant, forKey: .complainant)
        try c.encode(content, forKey: .content)
        try c.encodeIfPresent(demands, forKey: .demands)
        try c.encodeIfPresent(incidentTime, forKey: .incidentTime)
        try c.encodeIfPresent(incidentPlace, forKey: .incidentPlace)
        try c.encodeIfPresent(complaintObject, forKey: .complaintObject)
        try c.encodeIfPresent(category, forKey: .category)
        try c.encodeIfPresent(incidentID, forKey: .incidentID)
        try c.encodeIfPresent(requestedBy, forKey: .requestedBy)
        try c.encodeIfPresent(repeatOf, forKey: .repeatOf)
        try c.encodeIfPresent(incidentHint, forKey: .incidentHint)
        try c.encode(receivedBy, forKey: .receivedBy)
        try c.encode(receivedAt, forKey: .receivedAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(status, forKey: .status)
        try c.encode(version, forKey: .version)
        try c.encodeIfPresent(isValid, forKey: .isValid)
        try c.encodeIfPresent(isInScope, forKey: .isInScope)
        try c.encodeIfPresent(nature, forKey: .nature)
        try c.encodeIfPresent(reclassifiedFrom, forKey: .reclassifiedFrom)
        try c.encodeIfPresent(contentType, forKey: .contentType)
        try c.encodeIfPresent(severity, forKey: .severity)
        try c.encode(isUrgent, forKey: .isUrgent)
        try c.encodeIfPresent(explanation, forKey: .explanation)
        try c.encodeIfPresent(department, forKey: .department)
        try c.encodeIfPresent(handler, forKey: .handler)
        try c.encode(deadlines, forKey: .deadlines)
        try c.encodeIfPresent(autoUpgradeAt, forKey: .autoUpgradeAt)
        try c.encode(progressNotes, forKey: .progressNotes)
        try c.encodeIfPresent(resolution, forKey: .resolution)
        try c.encodeIfPresent(approval, forKey: .approval)
        try c.encodeIfPresent(reply, forKey: .reply)
        try c.encode(visits, forKey: .visits)
        try c.encodeIfPresent(visitDueAt, forKey: .visitDueAt)
        try c.encodeIfPresent(followUpDueAt, forKey: .followUpDueAt)
        try c.encode(reprocessCount, forKey: .reprocessCount)
        try c.encode(unsatisfiedCount, forKey: .unsatisfiedCount)
        try c.encode(reminderCount, forKey: .reminderCount)
        try c.encodeIfPresent(lastReminderAt, forKey: .lastReminderAt)
        try c.encode(extensionCount, forKey: .extensionCount)
        try c.encode(escalations, forKey: .escalations)
        try c.encode(upgrades, forKey: .upgrades)
        try c.encodeIfPresent(closing, forKey: .closing)
        try c.encode(transitions, forKey: .transitions)
    }

    /// Decodes what `encode(to:)` wrote; fields with defaults may be missing.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            sequence: try c.decode(Int.self, forKey: .sequence),
            trackingCode: try c.decode(String.self, forKey: .trackingCode),
            channel: try c.decode(Channel.self, forKey: .channel),
            complainant: try c.decode(Complainant.self, forKey: .complainant),
            content: try c.decode(String.self, forKey: .content),
            receivedBy: try c.decode(String.self, forKey: .receivedBy),
            receivedAt: try c.decode(Date.self, forKey: .receivedAt))
        if let value = try c.decodeIfPresent(String.self, forKey: .demands) { demands = value }
        if let value = try c.decodeIfPresent(Date.self, forKey: .incidentTime) { incidentTime = value }
        if let value = try c.decodeIfPresent(String.self, forKey: .incidentPlace) { incidentPlace = value }
        if let value = try c.decodeIfPresent(String.self, forKey: .complaintObject) { complaintObject = value }
        if let value = try c.decodeIfPresent(Department.self, forKey: .category) { category = value }
        if let value = try c.decodeIfPresent(String.self, forKey: .incidentID) { incidentID = value }
        if let value = try c.decodeIfPresent(Date.self, forKey: .requestedBy) { requestedBy = value }
        if let value = try c.decodeIfPresent(String.self, forKey: .repeatOf) { repeatOf = value }
        if let value = try c.decodeIfPresent(String.self, forKey: .incidentHint) { incidentHint = value }
        if let value = try c.decodeIfPresent(Date.self, forKey: .updatedAt) { updatedAt = value }
        if let value = try c.decodeIfPresent(ComplaintStatus.self, forKey: .status) { status = value }
        if let value = try c.decodeIfPresent(Int.self, forKey: .version) { version = value }
        if let value = try c.decodeIfPresent(Bool.self, forKey: .isValid) { isValid = value }
        if let value = try c.decodeIfPresent(Bool.self, forKey: .isInScope) { isInScope = value }
        if let value = try c.decodeIfPresent(Nature.self, forKey: .nature) { nature = value }
        if let value = try c.decodeIfPresent(Nature.self, forKey: .reclassifiedFrom) { reclassifiedFrom = value }
        if let value = try c.decodeIfPresent(ContentType.self, forKey: .contentType) { contentType = value }
        if let value = try c.decodeIfPresent(Severity.self, forKey: .severity) { severity = value }
        if let value = try c.decodeIfPresent(Bool.self, forKey: .isUrgent) { isUrgent = value }
        if let value = try c.decodeIfPresent(String.self, forKey: .explanation) { explanation = value }
        if let value = try c.decodeIfPresent(Department.self, forKey: .department) { department = value }
        if let value = try c.decodeIfPresent(String.self, forKey: .handler) { handler = value }
        if let value = try c.decodeIfPresent(Deadlines.self, forKey: .deadlines) { deadlines = value }
        if let value = try c.decodeIfPresent(Date.self, forKey: .autoUpgradeAt) { autoUpgradeAt = value }
        if let value = try c.decodeIfPresent([ProgressNote].self, forKey: .progressNotes) { progressNotes = value }
        if let value = try c.decodeIfPresent(Resolution.self, forKey: .resolution) { resolution = value }
        if let value = try c.decodeIfPresent(Approval.self, forKey: .approval) { approval = value }
        if let value = try c.decodeIfPresent(Reply.self, forKey: .reply) { reply = value }
        if let value = try c.decodeIfPresent([VisitRecord].self, forKey: .visits) { visits = value }
        if let value = try c.decodeIfPresent(Date.self, forKey: .visitDueAt) { visitDueAt = value }
        if let value = try c.decodeIfPresent(Date.self, forKey: .followUpDueAt) { followUpDueAt = value }
        if let value = try c.decodeIfPresent(Int.self, forKey: .reprocessCount) { reprocessCount = value }
        if let value = try c.decodeIfPresent(Int.self, forKey: .unsatisfiedCount) { unsatisfiedCount = value }
        if let value = try c.decodeIfPresent(Int.self, forKey: .reminderCount) { reminderCount = value }
        if let value = try c.decodeIfPresent(Date.self, forKey: .lastReminderAt) { lastReminderAt = value }
        if let value = try c.decodeIfPresent(Int.self, forKey: .extensionCount) { extensionCount = value }
        if let value = try c.decodeIfPresent([EscalationRecord].self, forKey: .escalations) { escalations = value }
        if let value = try c.decodeIfPresent([UpgradeRecord].self, forKey: .upgrades) { upgrades = value }
        if let value = try c.decodeIfPresent(ClosingSummary.self, forKey: .closing) { closing = value }
        if let value = try c.decodeIfPresent([Transition].self, forKey: .transitions) { transitions = value }
    }
}
