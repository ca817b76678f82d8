import JSONCodec

/// The six event shapes the generator mixes, each with the common header (complaintID, at, actor).
/// Indirect: the payloads are a few hundred bytes, and a boxed enum moves as one pointer.
indirect enum EventData {
    case registered(Registered)
    case assessed(Assessed)
    case dispatched(Dispatched)
    case progressNoted(ProgressNoted)
    case resolved(Resolved)
    case closed(Closed)

    init(type: EventType, from reader: inout JSONReader) throws {
        switch type {
        case .registered: self = .registered(try Registered(from: &reader))
        case .assessed: self = .assessed(try Assessed(from: &reader))
        case .dispatched: self = .dispatched(try Dispatched(from: &reader))
        case .progressNoted: self = .progressNoted(try ProgressNoted(from: &reader))
        case .resolved: self = .resolved(try Resolved(from: &reader))
        case .closed: self = .closed(try Closed(from: &reader))
        }
    }

    func encode(to writer: inout JSONWriter) {
        switch self {
        case .registered(let event): event.encode(to: &writer)
        case .assessed(let event): event.encode(to: &writer)
        case .dispatched(let event): event.encode(to: &writer)
        case .progressNoted(let event): event.encode(to: &writer)
        case .resolved(let event): event.encode(to: &writer)
        case .closed(let event): event.encode(to: &writer)
        }
    }
}

/// The header every event starts with.
struct EventHeader {
    var complaintID = "", at: Int64 = 0, actor = Actor(id: "", role: .system, department: nil)
    var seen = 0

    /// Reads the member if it is a header field; false if it is not.
    mutating func read(_ key: JSONKey, _ reader: inout JSONReader) throws -> Bool {
        switch key {
        case "complaintID":
            complaintID = try reader.readString()
            seen |= 1
        case "at":
            at = try reader.readInt64()
            seen |= 2
        case "actor":
            actor = try reader.decode()
            seen |= 4
        default: return false
        }
        return true
    }

    func check(_ reader: borrowing JSONReader) throws {
        guard seen == 7 else { throw reader.missingMember(["complaintID", "at", "actor"][(~seen).trailingZeroBitCount]) }
    }

    func write(type: EventType, to writer: inout JSONWriter) {
        writer.member("type", type)
        writer.member("complaintID", complaintID)
        writer.member("at", at)
        writer.member("actor", actor)
    }
}

struct Registered: JSONDecodable, JSONEncodable {
    var header = EventHeader()
    var sequence = 0, trackingCode = "", channel = Channel.phone
    var complainant = Complainant(name: "", phone: "", estate: "", building: "", unit: "")
    var content = "", demands: String?, incidentTime: Int64?, incidentPlace: String?, complaintObject: String?
    var category: Department?, incidentKey: String?, requestedBy: Int64?, repeatOf: String?, dispatchDueAt: Int64 = 0

    init() {}

    init(from reader: inout JSONReader) throws {
        self.init()
        var seen = 0
        try reader.readObject { key, reader in
            switch key {
            case "sequence":
                self.sequence = try reader.readInt()
                seen |= 1
            case "trackingCode":
                self.trackingCode = try reader.readString()
                seen |= 2
            case "channel":
                self.channel = try reader.decode()
                seen |= 4
            case "complainant":
                self.complainant = try reader.decode()
                seen |= 8
            case "content":
                self.content = try reader.readString()
                seen |= 16
            case "demands": self.demands = try reader.readNullOrString()
            case "incidentTime": self.incidentTime = try reader.readNullOrInt64()
            case "incidentPlace": self.incidentPlace = try reader.readNullOrString()
            case "complaintObject": self.complaintObject = try reader.readNullOrString()
            case "category": self.category = try reader.decodeNullOr()
            case "incidentKey": self.incidentKey = try reader.readNullOrString()
            case "requestedBy": self.requestedBy = try reader.readNullOrInt64()
            case "repeatOf": self.repeatOf = try reader.readNullOrString()
            case "dispatchDueAt":
                self.dispatchDueAt = try reader.readInt64()
                seen |= 32
            default: _ = try self.header.read(key, &reader)
            }
        }
        try header.check(reader)
        guard seen == 63 else {
            throw reader.missingMember(
                ["sequence", "trackingCode", "channel", "complainant", "content", "dispatchDueAt"][(~seen).trailingZeroBitCount])
        }
    }

    func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        header.write(type: .registered, to: &writer)
        writer.member("sequence", sequence)
        writer.member("trackingCode", trackingCode)
        writer.member("channel", channel)
        writer.member("complainant", complainant)
        writer.member("content", content)
        writer.member("demands", demands)
        writer.member("incidentTime", incidentTime)
        writer.member("incidentPlace", incidentPlace)
        writer.member("complaintObject", complaintObject)
        writer.member("category", category)
        writer.member("incidentKey", incidentKey)
        writer.member("requestedBy", requestedBy)
        writer.member("repeatOf", repeatOf)
        writer.member("dispatchDueAt", dispatchDueAt)
        writer.endObject()
    }
}

struct Assessed: JSONDecodable, JSONEncodable {
    var header = EventHeader()
    var severity = Severity.minor, nature: String?, contentType: String?, isUrgent = false
    var category: Department?, clocks: [ArmedClock] = [], autoUpgradeAt: Int64?

    init() {}

    init(from reader: inout JSONReader) throws {
        self.init()
        var seen = 0
        try reader.readObject { key, reader in
            switch key {
            case "severity":
                self.severity = try reader.decode()
                seen |= 1
            case "nature": self.nature = try reader.readNullOrString()
            case "contentType": self.contentType = try reader.readNullOrString()
            case "isUrgent":
                self.isUrgent = try reader.readBool()
                seen |= 2
            case "category": self.category = try reader.decodeNullOr()
            case "clocks":
                self.clocks = try reader.decode()
                seen |= 4
            case "autoUpgradeAt": self.autoUpgradeAt = try reader.readNullOrInt64()
            default: _ = try self.header.read(key, &reader)
            }
        }
        try header.check(reader)
        guard seen == 7 else { throw reader.missingMember(["severity", "isUrgent", "clocks"][(~seen).trailingZeroBitCount]) }
    }

    func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        header.write(type: .assessed, to: &writer)
        writer.member("severity", severity)
        writer.member("nature", nature)
        writer.member("contentType", contentType)
        writer.member("isUrgent", isUrgent)
        writer.member("category", category)
        writer.member("clocks", clocks)
        writer.member("autoUpgradeAt", autoUpgradeAt)
        writer.endObject()
    }
}

struct Dispatched: JSONDecodable, JSONEncodable {
    var header = EventHeader()
    var department = Department.other, handler = "", note: String?

    init() {}

    init(from reader: inout JSONReader) throws {
        self.init()
        var seen = 0
        try reader.readObject { key, reader in
            switch key {
            case "department":
                self.department = try reader.decode()
                seen |= 1
            case "handler":
                self.handler = try reader.readString()
                seen |= 2
            case "note": self.note = try reader.readNullOrString()
            default: _ = try self.header.read(key, &reader)
            }
        }
        try header.check(reader)
        guard seen == 3 else { throw reader.missingMember(["department", "handler"][(~seen).trailingZeroBitCount]) }
    }

    func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        header.write(type: .dispatched, to: &writer)
        writer.member("department", department)
        writer.member("handler", handler)
        writer.memberIfPresent("note", note)
        writer.endObject()
    }
}

struct ProgressNoted: JSONDecodable, JSONEncodable {
    var header = EventHeader()
    var text = "", isPublic = false

    init() {}

    init(from reader: inout JSONReader) throws {
        self.init()
        var seen = 0
        try reader.readObject { key, reader in
            switch key {
            case "text":
                self.text = try reader.readString()
                seen |= 1
            case "isPublic":
                self.isPublic = try reader.readBool()
                seen |= 2
            default: _ = try self.header.read(key, &reader)
            }
        }
        try header.check(reader)
        guard seen == 3 else { throw reader.missingMember(["text", "isPublic"][(~seen).trailingZeroBitCount]) }
    }

    func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        header.write(type: .progressNoted, to: &writer)
        writer.member("text", text)
        writer.member("isPublic", isPublic)
        writer.endObject()
    }
}

struct Resolved: JSONDecodable, JSONEncodable {
    var header = EventHeader()
    var measures = "", result = "", remaining: String?, onSpot = false, replyDueAt: Int64 = 0

    init() {}

    init(from reader: inout JSONReader) throws {
        self.init()
        var seen = 0
        try reader.readObject { key, reader in
            switch key {
            case "measures":
                self.measures = try reader.readString()
                seen |= 1
            case "result":
                self.result = try reader.readString()
                seen |= 2
            case "remaining": self.remaining = try reader.readNullOrString()
            case "onSpot":
                self.onSpot = try reader.readBool()
                seen |= 4
            case "replyDueAt":
                self.replyDueAt = try reader.readInt64()
                seen |= 8
            default: _ = try self.header.read(key, &reader)
            }
        }
        try header.check(reader)
        guard seen == 15 else { throw reader.missingMember(["measures", "result", "onSpot", "replyDueAt"][(~seen).trailingZeroBitCount]) }
    }

    func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        header.write(type: .resolved, to: &writer)
        writer.member("measures", measures)
        writer.member("result", result)
        writer.member("remaining", remaining)
        writer.member("onSpot", onSpot)
        writer.member("replyDueAt", replyDueAt)
        writer.endObject()
    }
}

struct Closed: JSONDecodable, JSONEncodable {
    var header = EventHeader()
    var satisfaction: Int?, remark: String?, clearedClocks: [ClockKind] = []

    init() {}

    init(from reader: inout JSONReader) throws {
        self.init()
        try reader.readObject { key, reader in
            switch key {
            case "satisfaction": self.satisfaction = try reader.readNullOrInt()
            case "remark": self.remark = try reader.readNullOrString()
            case "clearedClocks": self.clearedClocks = try reader.decode()
            default: _ = try self.header.read(key, &reader)
            }
        }
        try header.check(reader)
    }

    func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        header.write(type: .closed, to: &writer)
        writer.member("satisfaction", satisfaction)
        writer.member("remark", remark)
        writer.member("clearedClocks", clearedClocks)
        writer.endObject()
    }
}
