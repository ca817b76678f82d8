/// A type that decodes itself from a reader, straight from the bytes (no tree, no Foundation).
///
/// A conformance reads exactly one value, usually with ``JSONReader/readObject(_:)``:
///
///     init(from reader: inout JSONReader) throws {
///         var name: String?
///         try reader.readObject { key, reader in
///             switch key {
///             case "name": name = try reader.readString()
///             default: break  // unread members are validated and skipped
///             }
///         }
///         guard let name else { throw reader.missingMember("name") }
///         self.name = name
///     }
public protocol JSONDecodable {
    /// Reads one value from `reader`.
    init(from reader: inout JSONReader) throws
}

extension String: JSONDecodable {
    /// Reads a JSON string.
    public init(from reader: inout JSONReader) throws { self = try reader.readString() }
}

extension Bool: JSONDecodable {
    /// Reads `true` or `false`.
    public init(from reader: inout JSONReader) throws { self = try reader.readBool() }
}

extension Double: JSONDecodable {
    /// Reads a finite number.
    public init(from reader: inout JSONReader) throws { self = try reader.readDouble() }
}

extension Int: JSONDecodable {
    /// Reads an integer literal in range.
    public init(from reader: inout JSONReader) throws { self = try reader.readInt() }
}

extension Int64: JSONDecodable {
    /// Reads an integer literal in range.
    public init(from reader: inout JSONReader) throws { self = try reader.readInt64() }
}

extension Int32: JSONDecodable {
    /// Reads an integer literal in range.
    public init(from reader: inout JSONReader) throws { self = try reader.readInt32() }
}

extension Int16: JSONDecodable {
    /// Reads an integer literal in range.
    public init(from reader: inout JSONReader) throws { self = try reader.readInteger(Int16.self) }
}

extension Int8: JSONDecodable {
    /// Reads an integer literal in range.
    public init(from reader: inout JSONReader) throws { self = try reader.readInteger(Int8.self) }
}

extension UInt: JSONDecodable {
    /// Reads an integer literal in range.
    public init(from reader: inout JSONReader) throws { self = try reader.readInteger(UInt.self) }
}

extension UInt64: JSONDecodable {
    /// Reads an integer literal in range.
    public init(from reader: inout JSONReader) throws { self = try reader.readUInt64() }
}

extension UInt32: JSONDecodable {
    /// Reads an integer literal in range.
    public init(from reader: inout JSONReader) throws { self = try reader.readUInt32() }
}

extension UInt16: JSONDecodable {
    /// Reads an integer literal in range.
    public init(from reader: inout JSONReader) throws { self = try reader.readInteger(UInt16.self) }
}

extension UInt8: JSONDecodable {
    /// Reads an integer literal in range.
    public init(from reader: inout JSONReader) throws { self = try reader.readInteger(UInt8.self) }
}

extension Optional: JSONDecodable where Wrapped: JSONDecodable {
    /// Reads `null` as nil, anything else as the wrapped type.
    @inlinable
    public init(from reader: inout JSONReader) throws {
        self = try reader.readNull() ? nil : try Wrapped(from: &reader)
    }
}

extension Array: JSONDecodable where Element: JSONDecodable {
    /// Reads an array whose elements all decode as `Element`.
    @inlinable
    public init(from reader: inout JSONReader) throws {
        var elements: [Element] = []
        try reader.readArray { reader in elements.append(try Element(from: &reader)) }
        self = elements
    }
}

extension Dictionary: JSONDecodable where Key == String, Value: JSONDecodable {
    /// Reads an object whose members all decode as `Value` (names are unique: duplicates are refused).
    @inlinable
    public init(from reader: inout JSONReader) throws {
        var members: [String: Value] = [:]
        try reader.readObject { key, reader in members[key.string] = try Value(from: &reader) }
        self = members
    }
}

extension JSONDecodable where Self: RawRepresentable, RawValue == String {
    /// Reads a string naming one of the type's raw values (`invalidValue` otherwise), so
    /// `enum Channel: String, JSONDecodable { case phone, visit }` needs no code (inlinable so it
    /// is specialized for each enum rather than run through witness tables).
    @inlinable
    public init(from reader: inout JSONReader) throws {
        let offset = reader.offset
        let raw = try reader.readString()
        guard let value = Self(rawValue: raw) else {
            throw JSONError(.invalidValue, at: offset, detail: "\"\(raw)\" is not a valid \(Self.self)")
        }
        self = value
    }
}

extension JSONDecodable where Self: RawRepresentable & CaseIterable, RawValue == String {
    /// Reads a string naming one of the cases' raw values, comparing bytes (no String is made
    /// for the value); `invalidValue` lists the accepted names otherwise.
    @inlinable
    public init(from reader: inout JSONReader) throws {
        let offset = reader.offset
        let name = try reader.readStringAsKey()
        for candidate in Self.allCases where name == candidate.rawValue {
            self = candidate
            return
        }
        let accepted = Self.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        throw JSONError(.invalidValue, at: offset, detail: "\"\(name.string)\" is not one of \(accepted)")
    }
}
