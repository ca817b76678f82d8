/// Why a document was refused, where (byte offset) and at which value (path).
///
/// The reader throws nothing else. A service turns one into a 400 or 422 without parsing
/// messages: `kind` is a stable name, `path` says which field (`complainant.phone`,
/// `items[3].id`), `detail` is a sentence for people.
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The named reasons a document can be refused.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The input ended inside a value, or held no value at all.
        case unexpectedEnd
        /// A byte that cannot appear here (comments, single quotes, `NaN`, a missing colon...).
        case unexpectedByte
        /// A comma directly before `]` or `}`.
        case trailingComma
        /// More than whitespace after the one top-level value.
        case trailingContent
        /// A UTF-8 byte order mark before the value: refused, JSON text must not carry one.
        case byteOrderMark
        /// Bytes that are not well-formed UTF-8 (overlong, surrogate, truncated, above U+10FFFF).
        case invalidUTF8
        /// A raw control character (U+0000–U+001F) inside a string.
        case controlCharacter
        /// A backslash not followed by one of `" \ / b f n r t u` and four hex digits.
        case invalidEscape
        /// A `\u` escape of a lone or mismatched UTF-16 surrogate.
        case invalidSurrogate
        /// A number that breaks the grammar: leading zero, missing digits, a bare `-` or `.`.
        case invalidNumber
        /// A number outside the requested type's range (or beyond Double's finite range).
        case numberOutOfRange
        /// A number with a fraction or exponent where an integer is required (even `1.0`).
        case numberNotInteger
        /// A value of another kind than the one asked for.
        case typeMismatch
        /// A member name that already appeared in the same object.
        case duplicateKey
        /// A required member is absent (raised by typed decoders).
        case missingMember
        /// A value of the right kind that the decoder does not accept (raised by typed decoders).
        case invalidValue
        /// Objects and arrays nested deeper than `JSONLimits.maximumDepth`.
        case depthLimitExceeded
        /// A document longer than `JSONLimits.maximumInputBytes`.
        case inputTooLarge
        /// A string longer than `JSONLimits.maximumStringBytes`.
        case stringTooLong
        /// An object with more than `JSONLimits.maximumObjectMembers` members.
        case tooManyMembers
        /// An array with more than `JSONLimits.maximumArrayElements` elements.
        case tooManyElements
        /// A number literal longer than `JSONLimits.maximumNumberBytes`.
        case numberTooLong
    }

    /// What went wrong.
    public var kind: Kind
    /// The offset of the offending byte (or of the value's first byte) from the start of the input.
    public var offset: Int
    /// The value at fault, from the root: empty for the top-level value.
    public var path: JSONPath
    /// A sentence saying what was expected and what was found.
    public var detail: String

    /// Creates an error; readers prepend path components as it travels outwards.
    public init(_ kind: Kind, at offset: Int, path: JSONPath = JSONPath(), detail: String) {
        self.kind = kind
        self.offset = offset
        self.path = path
        self.detail = detail
    }

    /// "complainant.phone: expected a string, found a number (typeMismatch at byte 57)".
    public var description: String {
        let place = path.isEmpty ? "the document" : path.description
        return "\(place): \(detail) (\(kind.rawValue) at byte \(offset))"
    }
}

/// Where a value sits in a document: member names and array indexes from the root.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// One step down: into an object's member or an array's element.
    public enum Component: Sendable, Hashable {
        /// The member with this name.
        case key(String)
        /// The element at this zero-based index.
        case index(Int)
    }

    /// The steps, outermost first.
    public var components: [Component]

    /// Creates a path from its steps, outermost first.
    public init(_ components: [Component] = []) { self.components = components }

    /// Creates a path from its steps, outermost first.
    public init(arrayLiteral elements: Component...) { self.components = elements }

    /// True for the top-level value.
    public var isEmpty: Bool { components.isEmpty }

    /// Adds an outer step (readers call this while an error travels outwards).
    public mutating func prepend(_ component: Component) { components.insert(component, at: 0) }

    /// `complainant.phone`, `items[3].id`, `["odd key"].x`; empty for the root.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key) where Self.isPlainName(key):
                if !text.isEmpty { text += "." }
                text += key
            case .key(let key):
                var quoted: [UInt8] = []
                JSONEscaping.appendQuoted(key, to: &quoted)
                text += "[" + String(decoding: quoted, as: UTF8.self) + "]"
            }
        }
        return text
    }

    /// Names that read unambiguously after a dot: letters, digits, `_`, `-`, `$`, not starting with a digit.
    private static func isPlainName(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return key.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "$"):
                return true
            default:
                return byte >= 0x80  // names in Chinese read fine after a dot
            }
        }
    }
}
