/// A JSON document as a tree, for generic uses (configuration, tests, masking): objects keep
/// their members in document order, numbers keep their exact text.
///
/// Parsed by the same strict reader as typed decoding (so duplicate names never get in) and
/// written by the same writer. Hot paths decode into their own types instead.
public enum JSONValue: Sendable, Hashable {
    /// `null`
    case null
    /// `true` or `false`
    case bool(Bool)
    /// A number, kept as written.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, members in order (names should be unique: the reader refuses duplicates).
    case object([JSONMember])

    /// The kind of this value.
    public var kind: JSONKind {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .number: return .number
        case .string: return .string
        case .array: return .array
        case .object: return .object
        }
    }

    /// The member named `name` of an object (nil if absent or not an object).
    public subscript(name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.name == name }?.value
    }

    /// The element at `index` of an array (nil if out of range or not an array).
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The string, if this is one.
    public var stringValue: String? { if case .string(let value) = self { return value } else { return nil } }
    /// The Boolean, if this is one.
    public var boolValue: Bool? { if case .bool(let value) = self { return value } else { return nil } }
    /// The number as an Int64, if this is an integer literal in range.
    public var int64Value: Int64? { if case .number(let value) = self { return value.int64Value } else { return nil } }
    /// The number as the nearest Double, if this is a number.
    public var doubleValue: Double? { if case .number(let value) = self { return value.doubleValue } else { return nil } }
    /// True for `null`.
    public var isNull: Bool { self == .null }
}

/// One member of an object: its name and value.
public struct JSONMember: Sendable, Hashable {
    /// The member's name.
    public var name: String
    /// The member's value.
    public var value: JSONValue

    /// Creates a member.
    public init(_ name: String, _ value: JSONValue) {
        self.name = name
        self.value = value
    }
}

/// A JSON number exactly as written (`12`, `-0.5`, `1e400`), so no digit is lost in a tree.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal, guaranteed to match JSON's number grammar.
    public let text: String

    /// Wraps a literal the reader has validated.
    init(validated text: String) { self.text = text }

    /// Validates `text` as a JSON number literal (nil if it is not one).
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        let isNumber = try? JSONReader.withReader(bytes) { reader -> Bool in
            let start = reader.offset
            _ = try reader.scanNumber()
            return start == 0 && reader.offset == bytes.count  // no whitespace around
        }
        guard isNumber == true else { return nil }
        self.text = text
    }

    /// The integer `value`.
    public init<Integer: BinaryInteger>(_ value: Integer) {
        var buffer = JSONWriterBuffer(capacity: 24)
        JSONNumberFormatting.appendInteger(value, to: &buffer)
        text = String(decoding: buffer.bytes, as: UTF8.self)
    }

    /// The shortest literal that reads back as `value` (nil for NaN and infinities).
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        text = value.description
    }

    /// The value as an Int64, if the literal is an integer in range.
    public var int64Value: Int64? { try? JSONReader.withReader(Array(text.utf8)) { try $0.readInt64() } }
    /// The nearest Double (literals beyond Double's range give nil).
    public var doubleValue: Double? { try? JSONReader.withReader(Array(text.utf8)) { try $0.readDouble() } }
    /// The literal.
    public var description: String { text }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `null`
    public init(nilLiteral: ()) { self = .null }
    /// A Boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer.
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    /// A finite number (a non-finite one becomes `null`, as the writer would write it).
    public init(floatLiteral value: Double) { self = JSONNumber(value).map(JSONValue.number) ?? .null }
    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object with the members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { JSONMember($0.0, $0.1) })
    }
}
