import JSONCodec

// A realistic nested record for typed decoding tests: a complaint as the service receives it,
// with Chinese text, optional fields, enums and an array of objects.

enum Channel: String, CaseIterable, Sendable, JSONDecodable, JSONEncodable {
    case phone, visit, online
}

enum ClockKind: String, CaseIterable, Sendable, JSONEncodable {
    case dispatch, resolve, reply
}

extension ClockKind: JSONDecodable {
    static let jsonCases = JSONCaseTable<ClockKind>()
    init(from reader: inout JSONReader) throws { self = try Self.jsonCases.read(from: &reader) }
}

struct Complainant: Equatable, JSONDecodable, JSONEncodable {
    var name: String
    var phone: String
    var unit: String?

    init(name: String, phone: String, unit: String?) {
        self.name = name
        self.phone = phone
        self.unit = unit
    }

    init(from reader: inout JSONReader) throws {
        var name: String?
        var phone: String?
        var unit: String?
        try reader.readObject { key, reader in
            switch key {
            case "name": name = try reader.readString()
            case "phone": phone = try reader.readString()
            case "unit": unit = try reader.readNullOrString()
            default: break
            }
        }
        guard let name else { throw reader.missingMember("name") }
        guard let phone else { throw reader.missingMember("phone") }
        self.init(name: name, phone: phone, unit: unit)
    }

    func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("name", name)
        writer.member("phone", phone)
        writer.memberIfPresent("unit", unit)
        writer.endObject()
    }
}

struct Clock: Equatable, JSONDecodable, JSONEncodable {
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

struct ComplaintRecord: Equatable, JSONDecodable, JSONEncodable {
    var id: String
    var channel: Channel
    var complainant: Complainant
    var content: String
    var demands: String?
    var urgent: Bool
    var score: Double?
    var clocks: [Clock]
    var tags: [String]

    init(
        id: String, channel: Channel, complainant: Complainant, content: String, demands: String?,
        urgent: Bool, score: Double?, clocks: [Clock], tags: [String]
    ) {
        (self.id, self.channel, self.complainant, self.content, self.demands) = (id, channel, complainant, content, demands)
        (self.urgent, self.score, self.clocks, self.tags) = (urgent, score, clocks, tags)
    }

    init(from reader: inout JSONReader) throws {
        var id: String?
        var channel: Channel?
        var complainant: Complainant?
        var content: String?
        var demands: String?
        var urgent = false
        var score: Double?
        var clocks: [Clock] = []
        var tags: [String] = []
        try reader.readObject { key, reader in
            switch key {
            case "id": id = try reader.readString()
            case "channel": channel = try reader.decode()
            case "complainant": complainant = try reader.decode()
            case "content": content = try reader.readString()
            case "demands": demands = try reader.readNullOrString()
            case "urgent": urgent = try reader.readBool()
            case "score": score = try reader.readNullOrDouble()
            case "clocks": clocks = try reader.decode()
            case "tags": tags = try reader.decode()
            default: break
            }
        }
        guard let id else { throw reader.missingMember("id") }
        guard let channel else { throw reader.missingMember("channel") }
        guard let complainant else { throw reader.missingMember("complainant") }
        guard let content else { throw reader.missingMember("content") }
        self.init(
            id: id, channel: channel, complainant: complainant, content: content, demands: demands,
            urgent: urgent, score: score, clocks: clocks, tags: tags)
    }

    func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("id", id)
        writer.member("channel", channel)
        writer.member("complainant", complainant)
        writer.member("content", content)
        writer.member("demands", demands)
        writer.member("urgent", urgent)
        writer.memberIfPresent("score", score)
        writer.member("clocks", clocks)
        writer.member("tags", tags)
        writer.endObject()
    }
}
