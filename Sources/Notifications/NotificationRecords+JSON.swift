import Foundation
import JSONCodec

// The outbox's records as JSON, with the project's codec: times in whole milliseconds, as the
// domain's events. Names are those the earlier Foundation encoding wrote, so old logs read.

extension NotificationFacts {
    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.member("complaintID", complaintID)
        w.member("trigger", trigger.rawValue)
        w.member("at", Milliseconds.of(at))
        w.key("roles")
        w.beginArray()
        for role in roles { w.string(role) }
        w.endArray()
        w.memberIfPresent("status", status)
        w.memberIfPresent("severity", severity)
        w.memberIfPresent("category", category)
        w.memberIfPresent("department", department)
        w.memberIfPresent("estate", estate)
        w.memberIfPresent("building", building)
        w.memberIfPresent("excerpt", excerpt)
        w.memberIfPresent("clock", clock)
        w.memberIfPresent("dueAt", dueAt.map(Milliseconds.of))
        if let lateBySeconds { w.member("lateBySeconds", lateBySeconds) }
        w.memberIfPresent("reason", reason)
        if !mustAct.isEmpty {
            w.key("mustAct")
            w.beginArray()
            for id in mustAct { w.string(id) }
            w.endArray()
        }
        w.endObject()
    }

    init(from r: inout JSONReader) throws {
        let start = r.offset
        var id: String?
        var trigger: NotificationTrigger?
        var at: Date?
        var roles: [String] = []
        var mustAct: [String] = []
        var facts = NotificationFacts(complaintID: "", trigger: .major, at: Date(timeIntervalSince1970: 0), roles: [])
        try r.readObject { key, r in
            switch key {
            case "complaintID", "complaintId": id = try r.readString()
            case "trigger": trigger = try NotificationRecordJSON.triggers.read(from: &r)
            case "at": at = Milliseconds.date(try NotificationRecordJSON.millis(&r))
            case "roles": try r.readArray { roles.append(try $0.readString()) }
            case "mustAct": try r.readArray { mustAct.append(try $0.readString()) }
            case "status": facts.status = try r.readNullOrString()
            case "severity": facts.severity = try r.readNullOrString()
            case "category": facts.category = try r.readNullOrString()
            case "department": facts.department = try r.readNullOrString()
            case "estate": facts.estate = try r.readNullOrString()
            case "building": facts.building = try r.readNullOrString()
            case "excerpt": facts.excerpt = try r.readNullOrString()
            case "clock": facts.clock = try r.readNullOrString()
            case "dueAt":
                facts.dueAt = try r.peekKind() == .null ? (try r.readNull() ? nil : nil) : Milliseconds.date(try NotificationRecordJSON.millis(&r))
            case "lateBySeconds": facts.lateBySeconds = try r.readNullOrDouble()
            case "reason": facts.reason = try r.readNullOrString()
            default: try r.skipValue()
            }
        }
        guard let id, let trigger, let at else { throw JSONError(.missingMember, at: start, detail: "facts need complaintID, trigger and at") }
        facts.complaintID = id
        facts.trigger = trigger
        facts.at = at
        facts.roles = roles
        facts.mustAct = mustAct
        self = facts
    }
}

extension QueuedNotification {
    /// The `notification.queued` payload.
    var json: [UInt8] {
        var w = JSONWriter(capacity: 384)
        w.beginObject()
        w.member("id", id)
        w.member("endpoint", endpoint)
        w.member("queuedAt", Milliseconds.of(queuedAt))
        w.key("facts")
        facts.write(to: &w)
        w.endObject()
        return w.bytes
    }

    /// Reads a `notification.queued` payload.
    static func read(_ bytes: [UInt8]) throws -> QueuedNotification {
        try JSONReader.withReader(bytes) { r in
            var id: String?
            var endpoint: String?
            var queuedAt: Date?
            var facts: NotificationFacts?
            try r.readObject { key, r in
                switch key {
                case "id": id = try r.readString()
                case "endpoint": endpoint = try r.readString()
                case "queuedAt": queuedAt = Milliseconds.date(try NotificationRecordJSON.millis(&r))
                case "facts": facts = try NotificationFacts(from: &r)
                default: try r.skipValue()
                }
            }
            guard let id, let endpoint, let queuedAt, let facts else { throw r.missingMember("id, endpoint, queuedAt, facts") }
            return QueuedNotification(id: id, endpoint: endpoint, queuedAt: queuedAt, facts: facts)
        }
    }
}

extension DeliveredNotification {
    var json: [UInt8] {
        var w = JSONWriter(capacity: 128)
        w.beginObject()
        w.member("id", id)
        w.member("at", Milliseconds.of(at))
        w.member("attempts", attempts)
        w.memberIfPresent("digestID", digestID)
        w.endObject()
        return w.bytes
    }

    static func read(_ bytes: [UInt8]) throws -> DeliveredNotification {
        try JSONReader.withReader(bytes) { r in
            var id: String?
            var at: Date?
            var attempts = 0
            var digest: String?
            try r.readObject { key, r in
                switch key {
                case "id": id = try r.readString()
                case "at": at = Milliseconds.date(try NotificationRecordJSON.millis(&r))
                case "attempts": attempts = try r.readInt()
                case "digestID": digest = try r.readNullOrString()
                default: try r.skipValue()
                }
            }
            guard let id, let at else { throw r.missingMember("id and at") }
            return DeliveredNotification(id: id, at: at, attempts: attempts, digestID: digest)
        }
    }
}

extension FailedNotification {
    var json: [UInt8] {
        var w = JSONWriter(capacity: 192)
        w.beginObject()
        w.member("id", id)
        w.member("at", Milliseconds.of(at))
        w.member("attempts", attempts)
        w.member("error", error)
        w.memberIfPresent("nextAttemptAt", nextAttemptAt.map(Milliseconds.of))
        w.member("final", final)
        w.endObject()
        return w.bytes
    }

    static func read(_ bytes: [UInt8]) throws -> FailedNotification {
        try JSONReader.withReader(bytes) { r in
            var id: String?
            var at: Date?
            var attempts = 0
            var error = ""
            var next: Date?
            var final = false
            try r.readObject { key, r in
                switch key {
                case "id": id = try r.readString()
                case "at": at = Milliseconds.date(try NotificationRecordJSON.millis(&r))
                case "attempts": attempts = try r.readInt()
                case "error": error = try r.readString()
                case "nextAttemptAt":
                    next = try r.peekKind() == .null ? (try r.readNull() ? nil : nil) : Milliseconds.date(try NotificationRecordJSON.millis(&r))
                case "final": final = try r.readBool()
                default: try r.skipValue()
                }
            }
            guard let id, let at else { throw r.missingMember("id and at") }
            return FailedNotification(id: id, at: at, attempts: attempts, error: error, nextAttemptAt: next, final: final)
        }
    }
}

/// Shared readers of the outbox records.
enum NotificationRecordJSON {
    static let triggers = JSONCaseTable<NotificationTrigger>()

    /// Whole milliseconds (older records may hold fractions).
    static func millis(_ r: inout JSONReader) throws -> Int64 {
        let offset = r.offset
        let value = try r.readDouble()
        guard value.isFinite, abs(value) < 9e18 else { throw JSONError(.numberOutOfRange, at: offset, detail: "not a time in milliseconds") }
        return Int64(value.rounded())
    }
}

/// Whole milliseconds since the epoch, as the event log writes times (clamped like the domain's).
enum Milliseconds {
    static func of(_ date: Date) -> Int64 {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        guard value.isFinite else { return 0 }
        return value >= 9.2e18 ? Int64.max : value <= -9.2e18 ? Int64.min : Int64(value)
    }

    static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
