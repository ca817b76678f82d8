/// The six kinds of JSON value, as seen from a value's first byte.
public enum JSONKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `{ ... }`
    case object
    /// `[ ... ]`
    case array
    /// `"..."`
    case string
    /// `-12.5e3`
    case number
    /// `true` or `false`
    case bool
    /// `null`
    case null

    /// The kind a value starting with `byte` would have, or nil if no value starts with it.
    @inline(__always)
    static func starting(with byte: UInt8) -> JSONKind? {
        switch byte {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: return nil
        }
    }

    /// The kind with its article, for messages: "an object", "a string".
    public var description: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }
}
