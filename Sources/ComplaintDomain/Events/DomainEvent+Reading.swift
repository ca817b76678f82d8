import Foundation
import JSONCodec

// How an event is read back: one pass over the object into `EventFields` (every field any event
// has), then the payload of its `type` is built from them, naming the first missing field.
// Times are read as milliseconds (integers, or decimals as older logs wrote them); names written
// by older versions (`complaintID`, `incidentID`, `notifyActorID`) are accepted too.

extension DomainEvent {
    /// Reads an event written by `write(to:)` (with millisecond times) from JSON bytes.
    public static func read(from bytes: UnsafeRawBufferPointer) throws -> DomainEvent {
        try JSONReader.withReader(bytes) { reader in try DomainEvent(from: &reader) }
    }

    /// Reads an event from JSON bytes.
    public static func read(from bytes: [UInt8]) throws -> DomainEvent {
        try bytes.withUnsafeBytes { try read(from: $0) }
    }

    /// Reads one event object at the reader's position.
    public init(from reader: inout JSONReader) throws {
        var fields = EventFields()
        self = try fields.readEvent(&reader)
    }
}

/// Every field an event may carry, filled in one pass.
struct EventFields {
    var type: JSONKey?
    var complaintID: String?, at: Date?, actor: Actor?
    var sequence: Int?, trackingCode: String?, channel: Channel?, complainant: Complainant?, content: String?
    var demands: String?, incidentTime: Date?, incidentPlace: String?, complaintObject: String?, category: Department?
    var incidentKey: String?, incidentHint: String?, requestedBy: Date?, repeatOf: String?, dispatchDueAt: Date?
    var severity: Severity?, nature: Nature?, contentType: ContentType?, isUrgent: Bool?, clocks: [ArmedClock]?
    var autoUpgradeAt: Date?, isValid: Bool?, isInScope: Bool?, explanation: String?, department: Department?
    var handler: String?, note: String?, text: String?, isPublic: Bool?, measures: String?, result: String?
    var remaining: String?, onSpot: Bool?, replyDueAt: Date?, returnVisitDueAt: Date?, outcome: VisitOutcome?
    var solved: Bool?, satisfied: Bool?, method: VisitMethod?, numberCalled: String?, newDemands: String?
    var isFollowUp: Bool?, retryAt: Date?, followUpDueAt: Date?, reclassifiedTo: Nature?, summary: ClosingSummary?
    var clock: ClockKind?, previousDueAt: Date?, dueAt: Date?, reason: String?, lateBySeconds: Double?
    var notify: [Role]?, from: Severity?, to: Severity?, incidentID: String?, notifyActorID: String?
    var notifyDepartment: Department?
    var attachments: [String]?, files: [AttachmentFile]?, comment: String?, signature: Signature?
    /// Whether the texts people wrote are left out (`DomainEvent.Reader(leavingOutTexts:)`).
    var leavesOutTexts = false

    /// Reads the event object at the reader's position into these fields and builds the event.
    mutating func readEvent(_ reader: inout JSONReader) throws -> DomainEvent {
        let start = reader.offset
        // The table is fetched once an event, not once a member (each fetch of a global checks
        // that it is initialised), as a plain value (no reference count to touch).
        let members = Self.members.lookup
        try reader.readObject { key, r in
            guard let member = members.value(named: key) else { return try r.skipValue() }
            try read(member, &r)
        }
        return try event(at: start)
    }

    mutating func read(_ member: Member, _ r: inout JSONReader) throws {
        switch member {
        case .type: type = try r.readStringAsKey()
        case .complaintId, .complaintID: complaintID = try r.readString()
        case .at: at = try Self.time(&r)
        case .actor: actor = try Self.actor(&r)
        case .sequence: sequence = try r.readInt()
        case .trackingCode: trackingCode = try r.readString()
        case .channel: channel = try Tables.channel.read(from: &r)
        case .complainant: complainant = try Self.complainant(&r)
        case .content: content = try text(&r)
        case .demands: demands = try optionalText(&r)
        case .incidentTime: incidentTime = try Self.optionalTime(&r)
        case .incidentPlace: incidentPlace = try optionalText(&r)
        case .complaintObject: complaintObject = try optionalText(&r)
        case .category: category = try Self.optional(&r, Tables.department)
        case .incidentKey: incidentKey = try r.readNullOrString()
        case .incidentHint: incidentHint = try r.readNullOrString()
        case .requestedBy: requestedBy = try Self.optionalTime(&r)
        case .repeatOf: repeatOf = try r.readNullOrString()
        case .dispatchDueAt: dispatchDueAt = try Self.time(&r)
        case .severity: severity = try Tables.severity.read(from: &r)
        case .nature: nature = try Self.optional(&r, Tables.nature)
        case .contentType: contentType = try Self.optional(&r, Tables.contentType)
        case .isUrgent: isUrgent = try r.readBool()
        case .clocks: clocks = try Self.clocks(&r)
        case .autoUpgradeAt: autoUpgradeAt = try Self.optionalTime(&r)
        case .isValid: isValid = try r.readBool()
        case .isInScope: isInScope = try r.readBool()
        case .explanation: explanation = try text(&r)
        case .department: department = try Self.optional(&r, Tables.department)
        case .handler: handler = try r.readString()
        case .note: note = try optionalText(&r)
        case .text: text = try text(&r)
        case .isPublic: isPublic = try r.readBool()
        case .measures: measures = try text(&r)
        case .result: result = try text(&r)
        case .remaining: remaining = try optionalText(&r)
        case .onSpot: onSpot = try r.readBool()
        case .replyDueAt: replyDueAt = try Self.time(&r)
        case .returnVisitDueAt: returnVisitDueAt = try Self.time(&r)
        case .outcome: outcome = try Tables.outcome.read(from: &r)
        case .solved: solved = try r.readNullOrBool()
        case .satisfied: satisfied = try r.readNullOrBool()
        case .method: method = try Tables.method.read(from: &r)
        case .numberCalled: numberCalled = try r.readNullOrString()
        case .newDemands: newDemands = try optionalText(&r)
        case .isFollowUp: isFollowUp = try r.readBool()
        case .retryAt: retryAt = try Self.optionalTime(&r)
        case .followUpDueAt: followUpDueAt = try Self.optionalTime(&r)
        case .reclassifiedTo: reclassifiedTo = try Self.optional(&r, Tables.nature)
        case .summary: summary = try Self.summary(&r, leavingOutTexts: leavesOutTexts)
        case .clock: clock = try Tables.clock.read(from: &r)
        case .previousDueAt: previousDueAt = try Self.time(&r)
        case .dueAt: dueAt = try Self.time(&r)
        case .reason: reason = try r.readString()
        case .lateBySeconds: lateBySeconds = try r.readDouble()
        case .notify: notify = try Self.roles(&r)
        case .from: from = try Self.optional(&r, Tables.severity)
        case .to: to = try Tables.severity.read(from: &r)
        case .incidentId, .incidentID: incidentID = try r.readNullOrString()
        case .notifyActorId, .notifyActorID: notifyActorID = try r.readString()
        case .notifyDepartment: notifyDepartment = try Self.optional(&r, Tables.department)
        case .attachments: attachments = try Self.strings(&r)
        case .files: files = try Self.files(&r)
        case .comment: comment = try optionalText(&r)
        case .signature: signature = try Self.signature(&r)
        }
    }

    /// A text someone wrote (what the owner says, a note, an opinion, the measures taken): read,
    /// or validated and left out (an empty string) when `leavesOutTexts`.
    @inline(__always)
    private func text(_ r: inout JSONReader) throws -> String {
        try Self.text(&r, leavingOut: leavesOutTexts)
    }

    /// `text`, or nil for `null`.
    @inline(__always)
    private func optionalText(_ r: inout JSONReader) throws -> String? {
        try Self.optionalText(&r, leavingOut: leavesOutTexts)
    }

    /// A text someone wrote: read, or validated and left out (an empty string) when `leavingOut`.
    @inline(__always)
    static func text(_ r: inout JSONReader, leavingOut: Bool) throws -> String {
        guard leavingOut else { return try r.readString() }
        try r.skipString()
        return ""
    }

    /// `text(_:leavingOut:)`, or nil for `null`.
    @inline(__always)
    static func optionalText(_ r: inout JSONReader, leavingOut: Bool) throws -> String? {
        try r.readNull() ? nil : try text(&r, leavingOut: leavingOut)
    }
}

/// The enumerations' names as keys, built once.
enum Tables {
    static let channel = JSONCaseTable<Channel>()
    static let department = JSONCaseTable<Department>()
    static let severity = JSONCaseTable<Severity>()
    static let nature = JSONCaseTable<Nature>()
    static let contentType = JSONCaseTable<ContentType>()
    static let clock = JSONCaseTable<ClockKind>()
    static let role = JSONCaseTable<Role>()
    static let outcome = JSONCaseTable<VisitOutcome>()
    static let method = JSONCaseTable<VisitMethod>()
    static let reason = JSONCaseTable<UpgradeReason>()
    static let status = JSONCaseTable<ComplaintStatus>()
    static let signature = JSONCaseTable<SignatureKind>()
}
