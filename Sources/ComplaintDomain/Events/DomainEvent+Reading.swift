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
        case .content: content = try r.readString()
        case .demands: demands = try r.readNullOrString()
        case .incidentTime: incidentTime = try Self.optionalTime(&r)
        case .incidentPlace: incidentPlace = try r.readNullOrString()
        case .complaintObject: complaintObject = try r.readNullOrString()
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
        case .explanation: explanation = try r.readString()
        case .department: department = try Self.optional(&r, Tables.department)
        case .handler: handler = try r.readString()
        case .note: note = try r.readNullOrString()
        case .text: text = try r.readString()
        case .isPublic: isPublic = try r.readBool()
        case .measures: measures = try r.readString()
        case .result: result = try r.readString()
        case .remaining: remaining = try r.readNullOrString()
        case .onSpot: onSpot = try r.readBool()
        case .replyDueAt: replyDueAt = try Self.time(&r)
        case .returnVisitDueAt: returnVisitDueAt = try Self.time(&r)
        case .outcome: outcome = try Tables.outcome.read(from: &r)
        case .solved: solved = try r.readNullOrBool()
        case .satisfied: satisfied = try r.readNullOrBool()
        case .method: method = try Tables.method.read(from: &r)
        case .numberCalled: numberCalled = try r.readNullOrString()
        case .newDemands: newDemands = try r.readNullOrString()
        case .isFollowUp: isFollowUp = try r.readBool()
        case .retryAt: retryAt = try Self.optionalTime(&r)
        case .followUpDueAt: followUpDueAt = try Self.optionalTime(&r)
        case .reclassifiedTo: reclassifiedTo = try Self.optional(&r, Tables.nature)
        case .summary: summary = try Self.summary(&r)
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
        case .comment: comment = try r.readNullOrString()
        case .signature: signature = try Self.signature(&r)
        }
    }

    // MARK: shared shapes

    static func time(_ r: inout JSONReader) throws -> Date {
        Milliseconds.date(try milliseconds(&r))
    }

    static func optionalTime(_ r: inout JSONReader) throws -> Date? {
        if try r.peekKind() == .null {
            _ = try r.readNull()
            return nil
        }
        return try time(&r)
    }

    /// Whole milliseconds; a decimal (older logs wrote fractions) is rounded to the nearest.
    static func milliseconds(_ r: inout JSONReader) throws -> Int64 {
        let offset = r.offset
        let value = try r.readDouble()
        guard value.isFinite, value > -9.2e18, value < 9.2e18 else {
            throw JSONError(.numberOutOfRange, at: offset, detail: "\(value) is not a time in milliseconds")
        }
        return Int64(value.rounded())
    }

    static func optional<Value>(_ r: inout JSONReader, _ table: JSONCaseTable<Value>) throws -> Value? {
        if try r.peekKind() == .null {
            _ = try r.readNull()
            return nil
        }
        return try table.read(from: &r)
    }

    static func actor(_ r: inout JSONReader) throws -> Actor {
        try r.read(fast: canonicalActor, general: anyActor)
    }

    /// An actor as `EventFieldWriter.actor` writes it (the fast path: every event has one).
    static func canonicalActor(_ r: inout JSONReader) throws -> Actor? {
        guard r.skip(#"{"id":"#) else { return nil }
        let id = try r.readString()
        guard r.skip(#","role":"#) else { return nil }
        let role = try Tables.role.read(from: &r)
        if r.skip("}") { return Actor(id: id, role: role, department: nil) }
        guard r.skip(#","department":"#) else { return nil }
        let department = try Tables.department.read(from: &r)
        return r.skip("}") ? Actor(id: id, role: role, department: department) : nil
    }

    static func anyActor(_ r: inout JSONReader) throws -> Actor {
        var id: String?
        var role: Role?
        var department: Department?
        let start = r.offset
        try r.readObject { key, r in
            switch key {
            case "id": id = try r.readString()
            case "role": role = try Tables.role.read(from: &r)
            case "department": department = try optional(&r, Tables.department)
            default: try r.skipValue()
            }
        }
        guard let id, let role else { throw JSONError(.missingMember, at: start, detail: "an actor needs an id and a role") }
        return Actor(id: id, role: role, department: department)
    }

    static func complainant(_ r: inout JSONReader) throws -> Complainant {
        var name = ""
        var phone = ""
        var estate = ""
        var building = ""
        var unit = ""
        try r.readObject { key, r in
            switch key {
            case "name": name = try r.readString()
            case "phone": phone = try r.readString()
            case "estate": estate = try r.readString()
            case "building": building = try r.readString()
            case "unit": unit = try r.readString()
            default: try r.skipValue()
            }
        }
        return Complainant(name: name, phone: phone, estate: estate, building: building, unit: unit)
    }

    static func clocks(_ r: inout JSONReader) throws -> [ArmedClock] {
        var clocks: [ArmedClock] = []
        try r.readArray { r in
            var kind: ClockKind?
            var dueAt: Date?
            let start = r.offset
            try r.readObject { key, r in
                switch key {
                case "kind": kind = try Tables.clock.read(from: &r)
                case "dueAt": dueAt = try time(&r)
                default: try r.skipValue()
                }
            }
            guard let kind, let dueAt else { throw JSONError(.missingMember, at: start, detail: "a clock needs kind and dueAt") }
            clocks.append(ArmedClock(kind: kind, dueAt: dueAt))
        }
        return clocks
    }

    static func roles(_ r: inout JSONReader) throws -> [Role] {
        var roles: [Role] = []
        try r.readArray { r in roles.append(try Tables.role.read(from: &r)) }
        return roles
    }

    static func strings(_ r: inout JSONReader) throws -> [String] {
        var values: [String] = []
        try r.readArray { r in values.append(try r.readString()) }
        return values
    }

    static func files(_ r: inout JSONReader) throws -> [AttachmentFile] {
        var files: [AttachmentFile] = []
        try r.readArray { r in
            let start = r.offset
            var sha256: String?
            var mediaType: String?
            var size: Int?
            var name = ""
            try r.readObject { key, r in
                switch key {
                case "sha256": sha256 = try r.readString()
                case "mediaType": mediaType = try r.readString()
                case "size": size = try r.readInt()
                case "name": name = try r.readString()
                default: try r.skipValue()
                }
            }
            guard let sha256, let mediaType, let size else {
                throw JSONError(.missingMember, at: start, detail: "a file needs sha256, mediaType and size")
            }
            files.append(AttachmentFile(sha256: sha256, mediaType: mediaType, size: size, name: name))
        }
        return files
    }

    static func signature(_ r: inout JSONReader) throws -> Signature {
        let start = r.offset
        var kind: SignatureKind?
        var name: String?
        var attachment: String?
        try r.readObject { key, r in
            switch key {
            case "kind": kind = try Tables.signature.read(from: &r)
            case "name": name = try r.readNullOrString()
            case "attachment": attachment = try r.readNullOrString()
            default: try r.skipValue()
            }
        }
        guard let kind else { throw JSONError(.missingMember, at: start, detail: "a signature needs a kind") }
        return Signature(kind: kind, name: name, attachment: attachment)
    }

    static func summary(_ r: inout JSONReader) throws -> ClosingSummary {
        var summary = ClosingSummary()
        try r.readObject { key, r in
            switch key {
            case "cause": summary.cause = try r.readNullOrString()
            case "lessons": summary.lessons = try r.readNullOrString()
            case "preventiveAction": summary.preventiveAction = try r.readNullOrString()
            default: try r.skipValue()
            }
        }
        return summary
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
