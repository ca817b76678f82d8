import Foundation
import JSONCodec

// The shapes several events share (times, the actor, clocks, lists, files), read for
// `EventFields.read`; the enumerations' tables are in `Tables` (DomainEvent+Reading.swift).
extension EventFields {
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

    /// A closing summary; its three texts (what people wrote when closing) are validated and
    /// read as empty strings when `leavingOutTexts`, null ones staying nil.
    static func summary(_ r: inout JSONReader, leavingOutTexts: Bool = false) throws -> ClosingSummary {
        var summary = ClosingSummary()
        try r.readObject { key, r in
            switch key {
            case "cause": summary.cause = try optionalText(&r, leavingOut: leavingOutTexts)
            case "lessons": summary.lessons = try optionalText(&r, leavingOut: leavingOutTexts)
            case "preventiveAction": summary.preventiveAction = try optionalText(&r, leavingOut: leavingOutTexts)
            default: try r.skipValue()
            }
        }
        return summary
    }
}
