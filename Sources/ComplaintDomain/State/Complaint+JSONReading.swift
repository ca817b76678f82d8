import Foundation
import JSONCodec

extension Complaint {
    /// Reads a complaint written by `write(to:)`.
    public init(from r: inout JSONReader) throws {
        let start = r.offset
        // Filled in place (no closure per field); the required fields are counted as they come.
        var c = Complaint(
            id: "", sequence: 0, trackingCode: "", channel: .other,
            complainant: Complainant(name: "", phone: "", estate: "", building: "", unit: ""),
            content: "", receivedBy: "", receivedAt: Date(timeIntervalSince1970: 0))
        var required = 0
        typealias F = EventFields
        try r.readObject { key, r in
            switch key {
            case "id":
                c.id = try r.readString()
                required += 1
            case "sequence":
                c.sequence = try r.readInt()
                required += 1
            case "trackingCode":
                c.trackingCode = try r.readString()
                required += 1
            case "channel":
                c.channel = try Tables.channel.read(from: &r)
                required += 1
            case "complainant":
                c.complainant = try F.complainant(&r)
                required += 1
            case "content":
                c.content = try r.readString()
                required += 1
            case "receivedBy":
                c.receivedBy = try r.readString()
                required += 1
            case "receivedAt":
                c.receivedAt = try F.time(&r)
                c.updatedAt = Swift.max(c.updatedAt, c.receivedAt)
                required += 1
            case "demands": c.demands = try r.readNullOrString()
            case "incidentTime": c.incidentTime = try F.optionalTime(&r)
            case "incidentPlace": c.incidentPlace = try r.readNullOrString()
            case "complaintObject": c.complaintObject = try r.readNullOrString()
            case "category": c.category = try F.optional(&r, Tables.department)
            case "incidentId": c.incidentID = try r.readNullOrString()
            case "requestedBy": c.requestedBy = try F.optionalTime(&r)
            case "repeatOf": c.repeatOf = try r.readNullOrString()
            case "incidentHint": c.incidentHint = try r.readNullOrString()
            case "updatedAt": c.updatedAt = try F.time(&r)
            case "status": c.status = try Tables.status.read(from: &r)
            case "version": c.version = try r.readInt()
            case "isValid": c.isValid = try r.readNullOrBool()
            case "isInScope": c.isInScope = try r.readNullOrBool()
            case "nature": c.nature = try F.optional(&r, Tables.nature)
            case "reclassifiedFrom": c.reclassifiedFrom = try F.optional(&r, Tables.nature)
            case "contentType": c.contentType = try F.optional(&r, Tables.contentType)
            case "severity": c.severity = try F.optional(&r, Tables.severity)
            case "isUrgent": c.isUrgent = try r.readBool()
            case "explanation": c.explanation = try r.readNullOrString()
            case "department": c.department = try F.optional(&r, Tables.department)
            case "handler": c.handler = try r.readNullOrString()
            case "deadlines": c.deadlines = try Self.deadlines(&r)
            case "autoUpgradeAt": c.autoUpgradeAt = try F.optionalTime(&r)
            case "progressNotes": c.progressNotes = try Self.notes(&r)
            case "resolution": c.resolution = try Self.resolution(&r)
            case "approval": c.approval = try Self.approval(&r)
            case "reply": c.reply = try Self.reply(&r)
            case "visits": c.visits = try Self.visits(&r)
            case "visitDueAt": c.visitDueAt = try F.optionalTime(&r)
            case "followUpDueAt": c.followUpDueAt = try F.optionalTime(&r)
            case "reprocessCount": c.reprocessCount = try r.readInt()
            case "unsatisfiedCount": c.unsatisfiedCount = try r.readInt()
            case "reminderCount": c.reminderCount = try r.readInt()
            case "lastReminderAt": c.lastReminderAt = try F.optionalTime(&r)
            case "extensionCount": c.extensionCount = try r.readInt()
            case "escalations": c.escalations = try Self.escalations(&r)
            case "upgrades": c.upgrades = try Self.upgrades(&r)
            case "closing": c.closing = try F.summary(&r)
            case "transitions": c.transitions = try Self.transitions(&r)
            case "attachments": c.attachments = try Self.attachmentRecords(&r)
            case "handlingOpinion": c.handlingOpinion = try Self.handlingOpinion(&r)
            case "confirmations": c.confirmations = try Self.confirmations(&r)
            case "confirmedSinceReply": c.confirmedSinceReply = try r.readBool()
            default: try r.skipValue()
            }
        }
        guard required == 8 else {
            throw JSONError(
                .missingMember, at: start,
                detail: "a complaint needs id, sequence, trackingCode, channel, complainant, content, receivedBy and receivedAt")
        }
        self = c
    }

    fileprivate static func deadlines(_ r: inout JSONReader) throws -> Deadlines {
        var deadlines = Deadlines()
        try r.readArray { r in
            var kind: ClockKind?
            var due: Date?
            var extended = 0
            var escalated: Date?
            var met: Date?
            try r.readObject { key, r in
                switch key {
                case "kind": kind = try Tables.clock.read(from: &r)
                case "dueAt": due = try EventFields.time(&r)
                case "extendedCount": extended = try r.readInt()
                case "escalatedAt": escalated = try EventFields.optionalTime(&r)
                case "metAt": met = try EventFields.optionalTime(&r)
                default: try r.skipValue()
                }
            }
            guard let kind, let due else { throw r.missingMember("kind and dueAt") }
            deadlines[kind] = Deadline(dueAt: due, extendedCount: extended, escalatedAt: escalated, metAt: met)
        }
        return deadlines
    }

    fileprivate static func notes(_ r: inout JSONReader) throws -> [ProgressNote] {
        var notes: [ProgressNote] = []
        try r.readArray { r in
            var text = ""
            var isPublic = false
            var by = ""
            var at: Date?
            var attachments: [String] = []
            try r.readObject { key, r in
                switch key {
                case "text": text = try r.readString()
                case "isPublic": isPublic = try r.readBool()
                case "by": by = try r.readString()
                case "at": at = try EventFields.time(&r)
                case "attachments": attachments = try EventFields.strings(&r)
                default: try r.skipValue()
                }
            }
            guard let at else { throw r.missingMember("at") }
            notes.append(ProgressNote(text: text, isPublic: isPublic, by: by, at: at, attachments: attachments))
        }
        return notes
    }

    fileprivate static func resolution(_ r: inout JSONReader) throws -> Resolution? {
        if try r.peekKind() == .null {
            _ = try r.readNull()
            return nil
        }
        var measures = ""
        var result = ""
        var remaining: String?
        var onSpot = false
        var by = ""
        var at: Date?
        var attachments: [String] = []
        try r.readObject { key, r in
            switch key {
            case "attachments": attachments = try EventFields.strings(&r)
            case "measures": measures = try r.readString()
            case "result": result = try r.readString()
            case "remaining": remaining = try r.readNullOrString()
            case "onSpot": onSpot = try r.readBool()
            case "by": by = try r.readString()
            case "at": at = try EventFields.time(&r)
            default: try r.skipValue()
            }
        }
        guard let at else { throw r.missingMember("at") }
        return Resolution(
            measures: measures, result: result, remaining: remaining, onSpot: onSpot, by: by, at: at,
            attachments: attachments)
    }

    fileprivate static func approval(_ r: inout JSONReader) throws -> Approval? {
        if try r.peekKind() == .null {
            _ = try r.readNull()
            return nil
        }
        var by = ""
        var at: Date?
        var note: String?
        try r.readObject { key, r in
            switch key {
            case "by": by = try r.readString()
            case "at": at = try EventFields.time(&r)
            case "note": note = try r.readNullOrString()
            default: try r.skipValue()
            }
        }
        guard let at else { throw r.missingMember("at") }
        return Approval(by: by, at: at, note: note)
    }

    fileprivate static func reply(_ r: inout JSONReader) throws -> Reply? {
        if try r.peekKind() == .null {
            _ = try r.readNull()
            return nil
        }
        var content = ""
        var by = ""
        var at: Date?
        try r.readObject { key, r in
            switch key {
            case "content": content = try r.readString()
            case "by": by = try r.readString()
            case "at": at = try EventFields.time(&r)
            default: try r.skipValue()
            }
        }
        guard let at else { throw r.missingMember("at") }
        return Reply(at: at, by: by, content: content)
    }
}
