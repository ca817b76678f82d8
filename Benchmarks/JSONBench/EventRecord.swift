import JSONCodec

// The typed shapes the benchmark decodes: an event-log record (RecordFormat.swift) whose
// `data` is one of six complaint events, decoded the way replay will decode them.

enum Role: String, CaseIterable, Sendable, JSONEncodable { case receptionist, director, handler, manager, system }
enum Channel: String, CaseIterable, Sendable, JSONEncodable { case phone, visit, online, other }
enum Department: String, CaseIterable, Sendable, JSONEncodable {
    case engineering
    case cleaningGreening = "cleaning_greening"
    case orderSecurity = "order_security"
    case customerService = "customer_service"
    case other
}
enum Severity: String, CaseIterable, Sendable, JSONEncodable { case minor, important, major }
enum ClockKind: String, CaseIterable, Sendable, JSONEncodable {
    case dispatch, resolve
    case majorAnswer = "major_answer"
    case reply
    case returnVisit = "return_visit"
}
enum EventType: String, CaseIterable, Sendable, JSONEncodable {
    case registered = "complaint.registered"
    case assessed = "complaint.assessed"
    case dispatched = "complaint.dispatched"
    case progressNoted = "complaint.progress_noted"
    case resolved = "complaint.resolved"
    case closed = "complaint.closed"
}

// Enums decode through a case table (bytes compared, nothing allocated), the pattern for
// hot paths such as replay.
extension Role: JSONDecodable {
    static let jsonCases = JSONCaseTable<Role>()
    init(from reader: inout JSONReader) throws { self = try Self.jsonCases.read(from: &reader) }
}
extension Channel: JSONDecodable {
    static let jsonCases = JSONCaseTable<Channel>()
    init(from reader: inout JSONReader) throws { self = try Self.jsonCases.read(from: &reader) }
}
extension Department: JSONDecodable {
    static let jsonCases = JSONCaseTable<Department>()
    init(from reader: inout JSONReader) throws { self = try Self.jsonCases.read(from: &reader) }
}
extension Severity: JSONDecodable {
    static let jsonCases = JSONCaseTable<Severity>()
    init(from reader: inout JSONReader) throws { self = try Self.jsonCases.read(from: &reader) }
}
extension ClockKind: JSONDecodable {
    static let jsonCases = JSONCaseTable<ClockKind>()
    init(from reader: inout JSONReader) throws { self = try Self.jsonCases.read(from: &reader) }
}
extension EventType: JSONDecodable {
    static let jsonCases = JSONCaseTable<EventType>()
    init(from reader: inout JSONReader) throws { self = try Self.jsonCases.read(from: &reader) }
}

struct Actor: JSONDecodable, JSONEncodable {
    var id: String
    var role: Role
    var department: Department?

    init(id: String, role: Role, department: Department?) {
        self.id = id
        self.role = role
        self.department = department
    }

    init(from reader: inout JSONReader) throws {
        var id: String?
        var role: Role?
        var department: Department?
        try reader.readObject { key, reader in
            switch key {
            case "id": id = try reader.readString()
            case "role": role = try reader.decode()
            case "department": department = try reader.decodeNullOr()
            default: break
            }
        }
        guard let id = id.take() else { throw reader.missingMember("id") }
        guard let role else { throw reader.missingMember("role") }
        self.init(id: id, role: role, department: department)
    }

    func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("id", id)
        writer.member("role", role)
        writer.memberIfPresent("department", department)
        writer.endObject()
    }
}

struct ArmedClock: JSONDecodable, JSONEncodable {
    var kind: ClockKind
    var dueAt: Int64

    init(kind: ClockKind, dueAt: Int64) {
        self.kind = kind
        self.dueAt = dueAt
    }

    init(from reader: inout JSONReader) throws {
        var kind: ClockKind?
        var dueAt: Int64?
        try reader.readObject { key, reader in
            switch key {
            case "kind": kind = try reader.decode()
            case "dueAt": dueAt = try reader.readInt64()
            default: break
            }
        }
        guard let kind else { throw reader.missingMember("kind") }
        guard let dueAt else { throw reader.missingMember("dueAt") }
        self.init(kind: kind, dueAt: dueAt)
    }

    func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("kind", kind)
        writer.member("dueAt", dueAt)
        writer.endObject()
    }
}

struct Complainant: JSONDecodable, JSONEncodable {
    var name = "", phone = "", estate = "", building = "", unit = ""

    init(name: String, phone: String, estate: String, building: String, unit: String) {
        (self.name, self.phone, self.estate, self.building, self.unit) = (name, phone, estate, building, unit)
    }

    init(from reader: inout JSONReader) throws {
        var seen = 0
        try reader.readObject { key, reader in
            switch key {
            case "name":
                name = try reader.readString()
                seen |= 1
            case "phone":
                phone = try reader.readString()
                seen |= 2
            case "estate":
                estate = try reader.readString()
                seen |= 4
            case "building":
                building = try reader.readString()
                seen |= 8
            case "unit":
                unit = try reader.readString()
                seen |= 16
            default: break
            }
        }
        guard seen == 31 else { throw reader.missingMember(["name", "phone", "estate", "building", "unit"][(~seen).trailingZeroBitCount]) }
    }

    func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("name", name)
        writer.member("phone", phone)
        writer.member("estate", estate)
        writer.member("building", building)
        writer.member("unit", unit)
        writer.endObject()
    }
}

/// One log line: the record envelope and its typed event.
struct EventRecord: JSONDecodable, JSONEncodable {
    var seq: UInt64
    var ts: Int64
    var type: EventType
    var stream: String
    var crc32c: String
    var data: EventData

    init(seq: UInt64, ts: Int64, type: EventType, stream: String, crc32c: String, data: EventData) {
        (self.seq, self.ts, self.type, self.stream, self.crc32c, self.data) = (seq, ts, type, stream, crc32c, data)
    }

    init(from reader: inout JSONReader) throws {
        var seq: UInt64?
        var ts: Int64?
        var type: EventType?
        var stream: String?
        var crc32c: String?
        var data: EventData?
        try reader.readObject { key, reader in
            switch key {
            case "seq": seq = try reader.readUInt64()
            case "ts": ts = try reader.readInt64()
            case "type": type = try reader.decode()
            case "stream": stream = try reader.readString()
            case "crc32c": crc32c = try reader.readString()
            case "data":
                guard let type else { throw reader.error(.invalidValue, "data comes before type") }
                data = try EventData(type: type, from: &reader)
            default: break
            }
        }
        // take() moves the values out of the captured optionals instead of copying them.
        guard let seq else { throw reader.missingMember("seq") }
        guard let ts else { throw reader.missingMember("ts") }
        guard let type else { throw reader.missingMember("type") }
        guard let stream = stream.take() else { throw reader.missingMember("stream") }
        guard let crc32c = crc32c.take() else { throw reader.missingMember("crc32c") }
        guard let data = data.take() else { throw reader.missingMember("data") }
        self.init(seq: seq, ts: ts, type: type, stream: stream, crc32c: crc32c, data: data)
    }

    func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("seq", seq)
        writer.member("ts", ts)
        writer.member("type", type)
        writer.member("stream", stream)
        writer.member("crc32c", crc32c)
        writer.key("data")
        data.encode(to: &writer)
        writer.endObject()
    }
}
