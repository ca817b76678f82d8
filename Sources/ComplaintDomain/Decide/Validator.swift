import Foundation

/// Collects every bad field of one input, so the owner of the form fixes them all at once.
struct Validator {
    private(set) var errors: [FieldError] = []

    /// A required text: trimmed, non-empty and at most `maxLength` characters.
    mutating func text(_ value: String?, _ field: String, maxLength: Int = 2_000) -> String {
        let trimmed = value?.trimmingWhitespace ?? ""
        if trimmed.isEmpty {
            errors.append(FieldError(field: field, message: "is required"))
        } else if trimmed.count > maxLength {
            errors.append(FieldError(field: field, message: "is longer than \(maxLength) characters"))
        }
        return trimmed
    }

    /// An optional text: trimmed, nil when empty, at most `maxLength` characters.
    mutating func optionalText(_ value: String?, _ field: String, maxLength: Int = 2_000) -> String? {
        guard let trimmed = value?.trimmingWhitespace, !trimmed.isEmpty else { return nil }
        if trimmed.count > maxLength {
            errors.append(FieldError(field: field, message: "is longer than \(maxLength) characters"))
        }
        return trimmed
    }

    /// A required value of any type.
    mutating func require<T>(_ value: T?, _ field: String) -> T? {
        if value == nil { errors.append(FieldError(field: field, message: "is required")) }
        return value
    }

    /// An optional instant from outside: nil stays nil; outside `AcceptedInstants` is refused.
    mutating func instant(_ value: Date?, _ field: String) -> Date? {
        guard let value else { return nil }
        guard AcceptedInstants.contains(value) else {
            errors.append(FieldError(field: field, message: AcceptedInstants.refusal))
            return nil
        }
        return value
    }

    /// Records a failed rule on `field`.
    mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    /// The refusal naming every bad field, or nil when all were fine.
    var error: DomainError? { errors.isEmpty ? nil : .invalid(errors) }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    /// Whether the string looks like a phone number: digits with optional +, -, spaces, 5 to 20 digits.
    var isPlausiblePhone: Bool {
        var digits = 0
        for scalar in unicodeScalars {
            switch scalar {
            case "0"..."9": digits += 1
            case "+", "-", " ", "(", ")": continue
            default: return false
            }
        }
        return (5...20).contains(digits)
    }
}
