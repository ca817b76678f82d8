import Foundation

/// Collects every bad field of one input, so the owner of the form fixes them all at once.
/// Each failure is a `DomainMessage` key with its values; the service words it.
struct Validator {
    private(set) var errors: [FieldError] = []

    /// Identifying texts (a name, an estate, a building) are at most this long; free texts
    /// follow the policy's `maxContentLength` and `maxNoteLength`.
    static let nameLength = 100
    static let placeLength = 200

    /// A required text: trimmed, with something visible in it, and at most `maxLength` characters.
    mutating func text(_ value: String?, _ field: String, maxLength: Int) -> String {
        let trimmed = value?.trimmingWhitespace ?? ""
        if trimmed.isEmpty {
            errors.append(FieldError(field: field, rule: .required))
        } else if !trimmed.hasVisibleCharacter {
            errors.append(FieldError(field: field, rule: .invisible))
        } else if Self.exceeds(trimmed, maxLength) {
            errors.append(FieldError(field: field, rule: .tooLong, values: ["limit": String(maxLength)]))
        }
        return trimmed
    }

    /// An optional text: trimmed, nil when empty or only invisible, at most `maxLength` characters.
    mutating func optionalText(_ value: String?, _ field: String, maxLength: Int) -> String? {
        guard let trimmed = value?.trimmingWhitespace, !trimmed.isEmpty, trimmed.hasVisibleCharacter else { return nil }
        if Self.exceeds(trimmed, maxLength) {
            errors.append(FieldError(field: field, rule: .tooLong, values: ["limit": String(maxLength)]))
        }
        return trimmed
    }

    /// A required phone number, normalised (`PhoneNumber`): a mobile or a landline with its area code.
    mutating func phone(_ value: String?, _ field: String) -> String {
        let given = text(value, field, maxLength: 40)
        guard !given.isEmpty, errors.last?.field != field else { return given }
        return check(PhoneNumber.read(given), field) ?? given
    }

    /// An optional phone number, normalised when given.
    mutating func optionalPhone(_ value: String?, _ field: String) -> String? {
        guard let given = optionalText(value, field, maxLength: 40), errors.last?.field != field else { return nil }
        return check(PhoneNumber.read(given), field) ?? given
    }

    private mutating func check(_ reading: PhoneNumber.Reading, _ field: String) -> String? {
        switch reading {
        case .mobile(let number), .landline(let number): return number
        case .refused(let rule, let values):
            errors.append(FieldError(field: field, rule: rule, values: values))
            return nil
        }
    }

    /// A required value of any type.
    mutating func require<T>(_ value: T?, _ field: String) -> T? {
        if value == nil { errors.append(FieldError(field: field, rule: .required)) }
        return value
    }

    /// An optional instant from outside: nil stays nil; outside `AcceptedInstants` is refused.
    mutating func instant(_ value: Date?, _ field: String) -> Date? {
        guard let value else { return nil }
        guard AcceptedInstants.contains(value) else {
            errors.append(FieldError(field: field, rule: .instantOutOfRange))
            return nil
        }
        return value
    }

    /// Records a failed rule on `field`.
    mutating func fail(_ field: String, _ rule: DomainMessage, _ values: [String: String] = [:]) {
        errors.append(FieldError(field: field, rule: rule, values: values))
    }

    /// Whether `text` has more than `limit` characters. A character is at least one UTF-8 byte,
    /// so a text of at most `limit` bytes is within it without counting (counting characters
    /// walks the grapheme breaks of the whole text).
    @inline(__always)
    static func exceeds(_ text: String, _ limit: Int) -> Bool {
        text.utf8.count > limit && text.count > limit
    }

    /// The refusal naming every bad field, or nil when all were fine.
    var error: DomainError? { errors.isEmpty ? nil : .invalid(errors) }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    var trimmingWhitespace: String {
        // Most texts begin and end with visible ASCII: nothing to trim, no scalar decoded.
        if let head = utf8.first, let tail = utf8.last, head > 0x20 && head < 0x7F && tail > 0x20 && tail < 0x7F { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhitespaceByTable }),
            let last = scalars.lastIndex(where: { !$0.isWhitespaceByTable })
        else { return "" }
        // Most texts have nothing to trim: the string itself, without a copy.
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }

    /// Whether anything in it shows on a screen: not only spaces, zero-width characters, joiners,
    /// bidirectional controls, a BOM or other format and control characters (a "name" pasted as
    /// U+200B would otherwise be accepted and show as nothing).
    var hasVisibleCharacter: Bool {
        unicodeScalars.contains { $0.isPlainVisible || $0.showsOnScreen }
    }
}

extension Unicode.Scalar {
    /// Printable ASCII or a CJK unified ideograph (U+4E00–9FFF): visible and not whitespace,
    /// known without the property tables, whose lookups were most of a text's validation.
    @inline(__always)
    var isPlainVisible: Bool {
        (value > 0x20 && value < 0x7F) || (value >= 0x4E00 && value <= 0x9FFF)
    }

    /// `properties.isWhitespace`, looked up only outside the plain visible ranges.
    @inline(__always)
    var isWhitespaceByTable: Bool { isPlainVisible ? false : properties.isWhitespace }

    /// Whether the scalar shows on a screen, by its Unicode properties.
    var showsOnScreen: Bool {
        let properties = properties
        if properties.isWhitespace || properties.isDefaultIgnorableCodePoint { return false }
        switch properties.generalCategory {
        case .format, .control, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate: return false
        default: return self != "\u{2800}" && self != "\u{3164}"
        }
    }
}
