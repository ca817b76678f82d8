/// Reading and writing trees with the same reader and writer as everything else.
extension JSONValue: JSONDecodable, JSONEncodable {
    /// Parses one document into a tree.
    public init(parsing bytes: [UInt8], limits: JSONLimits = .default) throws {
        self = try JSONReader.decode(JSONValue.self, from: bytes, limits: limits)
    }

    /// Parses one document into a tree.
    public init(parsing bytes: UnsafeRawBufferPointer, limits: JSONLimits = .default) throws {
        self = try JSONReader.decode(JSONValue.self, from: bytes, limits: limits)
    }

    /// Parses one document into a tree.
    public init(parsing text: String, limits: JSONLimits = .default) throws {
        self = try JSONReader.decode(JSONValue.self, from: Array(text.utf8), limits: limits)
    }

    /// Reads the next value, whatever its kind, into a tree.
    public init(from reader: inout JSONReader) throws {
        self = try reader.readValue()
    }

    /// Writes the tree: members in order, numbers as written.
    public func encode(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.null()
        case .bool(let value): writer.bool(value)
        case .number(let number): writer.rawNumber(number)
        case .string(let value): writer.string(value)
        case .array(let elements):
            writer.beginArray()
            for element in elements { element.encode(to: &writer) }
            writer.endArray()
        case .object(let members):
            writer.beginObject()
            for member in members {
                writer.key(named: member.name)
                member.value.encode(to: &writer)
            }
            writer.endObject()
        }
    }

    /// The compact JSON text of this value.
    public var jsonBytes: [UInt8] { JSONWriter.encode(self) }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of this value.
    public var description: String { String(decoding: jsonBytes, as: UTF8.self) }
}

extension JSONNumber: JSONEncodable, JSONDecodable {
    /// Writes the literal as it is.
    public func encode(to writer: inout JSONWriter) { writer.rawNumber(self) }

    /// Reads a number literal, keeping its text.
    public init(from reader: inout JSONReader) throws { self = try reader.readNumber() }
}

extension JSONReader {
    /// Reads the next value into a tree.
    public mutating func readValue() throws -> JSONValue {
        switch try peekKind() {
        case .object:
            var members: [JSONMember] = []
            members.reserveCapacity(8)  // one allocation for most objects instead of a doubling series
            try readObject { key, reader in members.append(JSONMember(key.string, try reader.readValue())) }
            return .object(members)
        case .array:
            var elements: [JSONValue] = []
            elements.reserveCapacity(4)
            try readArray { reader in elements.append(try reader.readValue()) }
            return .array(elements)
        case .string:
            return .string(try readString())
        case .number:
            return .number(try readNumber())
        case .bool:
            return .bool(try readBool())
        case .null:
            _ = try readNull()
            return .null
        }
    }

    /// Reads a number literal without converting it.
    public mutating func readNumber() throws -> JSONNumber {
        skipWhitespace()
        let start = position
        _ = try scanNumber()
        return JSONNumber(validated: Self.makeString(base + start, count: position - start, isASCII: true))
    }
}

extension JSONWriter {
    /// Writes a number literal as it is.
    public mutating func rawNumber(_ number: JSONNumber) {
        var text = number.text
        text.withUTF8 { rawValue(UnsafeRawBufferPointer($0)) }
    }
}
