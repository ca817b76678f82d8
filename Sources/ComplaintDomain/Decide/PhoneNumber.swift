import Foundation

/// A mainland Chinese phone number as owners and staff type it, checked and written one way.
///
/// Read after Unicode NFKC, so the full-width digits, spaces and hyphens of Chinese input methods
/// (`１３８ ００１３ ８０００`, `０２１－６２３４５６７８`) read as ASCII; spaces, hyphens, dashes, dots
/// and brackets between digit groups are ignored. Accepted:
/// - a mobile: `1[3-9]` and 9 more digits, optionally after `+86`, `0086` or `86`
///   → `13800138000`;
/// - a landline with its area code: `0` + 2 or 3 digits (`010`, `021`…`029`; `0755`…) and a local
///   number of 7 or 8 digits not starting with 0, optionally an extension of 1 to 6 digits
///   after `转`, `ext`, `x`, `#` or a third group → `021-62345678`, `0755-1234567-802`.
/// Anything else is refused: `12345678901` (no such mobile prefix), 10 or 12 digits starting with
/// 1, a landline without its area code, 400/800 service numbers.
public enum PhoneNumber {
    /// What a number was read as.
    public enum Reading: Equatable, Sendable {
        /// A mobile, normalised to 11 digits.
        case mobile(String)
        /// A landline, normalised to `area-local` or `area-local-extension`.
        case landline(String)
        /// Not a phone number; `rule` says why (the field error's key), with its values.
        case refused(DomainMessage, [String: String])
    }

    /// Reads `text`.
    public static func read(_ text: String) -> Reading {
        // Most numbers are typed as 11 plain digits of a mobile, which NFKC and the separators
        // leave as they are: read the bytes (normalising costs more than the rest of a registration's checks).
        if isPlainMobile(text.utf8) { return .mobile(text) }
        let normalized = text.precomposedStringWithCompatibilityMapping
        var groups: [String] = []
        var current = ""
        var extensionDigits: String?
        var scalars = Array(normalized.unicodeScalars)
        // An extension marker ends the main number: 转 / ext / x / #.
        if let marker = extensionStart(scalars) {
            let rest = String(String.UnicodeScalarView(scalars[marker.digitsFrom...])).trimmingCharacters(in: .whitespaces)
            guard (1...6).contains(rest.count), rest.allSatisfy(\.isASCIIDigit) else { return .refused(.notAPhone, [:]) }
            extensionDigits = rest
            scalars = Array(scalars[..<marker.at])
        }
        var plus = false
        for (index, scalar) in scalars.enumerated() {
            if ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if isSeparator(scalar) {
                if !current.isEmpty {
                    groups.append(current)
                    current = ""
                }
            } else if scalar == "+" && index == 0 {
                plus = true
            } else {
                return .refused(.notAPhone, [:])
            }
        }
        if !current.isEmpty { groups.append(current) }
        var digits = groups.joined()
        guard !digits.isEmpty else { return .refused(.notAPhone, [:]) }
        // The country code of a mobile: +86, 0086 or 86 before its 11 digits.
        if plus {
            guard digits.hasPrefix("86"), digits.count > 2 else { return .refused(.notAPhone, [:]) }
            digits.removeFirst(2)
        } else if digits.hasPrefix("0086"), digits.count == 15 {
            digits.removeFirst(4)
        } else if digits.hasPrefix("86"), digits.count == 13 {
            digits.removeFirst(2)
        }
        if digits.hasPrefix("1") {
            if extensionDigits == nil, digits.count == 11, let second = digits.dropFirst().first, !("3"..."9").contains(second) {
                return .refused(.mobilePrefix, ["prefix": String(digits.prefix(2))])
            }
            guard extensionDigits == nil, digits.count == 11, let second = digits.dropFirst().first, ("3"..."9").contains(second) else {
                return .refused(.notAMobile, ["digits": String(digits.count)])
            }
            return .mobile(digits)
        }
        guard digits.hasPrefix("0") else {
            // 7 or 8 digits alone: a landline without its area code; 400/800: a service number.
            return .refused((7...8).contains(digits.count) ? .landlineWithoutAreaCode : .notAPhone, [:])
        }
        return landline(digits, groups: groups, extension: extensionDigits)
    }

    /// The normalised number, or nil when `text` is not one.
    public static func normalized(_ text: String) -> String? {
        switch read(text) {
        case .mobile(let number), .landline(let number): return number
        case .refused: return nil
        }
    }

    private static func landline(_ digits: String, groups: [String], extension given: String?) -> Reading {
        let second = digits.dropFirst().first ?? "0"
        // 010 and 02x are three digits with the 0; other area codes four.
        var areaLength = second == "1" || second == "2" ? 3 : 4
        if let first = groups.first, first.hasPrefix("0"), first.count == 3 || first.count == 4, groups.count > 1 { areaLength = first.count }
        var extensionDigits = given
        var rest = String(digits.dropFirst(areaLength))
        // A third group after area and local number is an extension (021-62345678-802).
        if extensionDigits == nil, groups.count == 3, groups[0].count == areaLength, (7...8).contains(groups[1].count),
            (1...6).contains(groups[2].count)
        {
            extensionDigits = groups[2]
            rest = groups[1]
        }
        guard second != "0", (7...8).contains(rest.count), let lead = rest.first, lead != "0" else {
            return .refused(.notAPhone, [:])
        }
        let number = String(digits.prefix(areaLength)) + "-" + rest
        return .landline(extensionDigits.map { number + "-" + $0 } ?? number)
    }

    private static func extensionStart(_ scalars: [Unicode.Scalar]) -> (at: Int, digitsFrom: Int)? {
        let lower = scalars.map { $0.properties.lowercaseMapping.unicodeScalars.first ?? $0 }
        for index in lower.indices {
            if lower[index] == "转" || lower[index] == "#" || (lower[index] == "x" && index > 0) { return (index, index + 1) }
            if index + 2 < lower.count, lower[index] == "e", lower[index + 1] == "x", lower[index + 2] == "t" {
                let after = index + 3 < lower.count && lower[index + 3] == "." ? index + 4 : index + 3
                return (index, after)
            }
        }
        return nil
    }

    /// Whether `bytes` are exactly a mobile's 11 ASCII digits, `1[3-9]` first.
    private static func isPlainMobile(_ bytes: String.UTF8View) -> Bool {
        guard bytes.count == 11 else { return false }
        var index = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
            if index == 0 && byte != UInt8(ascii: "1") { return false }
            if index == 1 && byte < UInt8(ascii: "3") { return false }
            index += 1
        }
        return true
    }

    /// Spaces, hyphens and dashes, dots and brackets between digit groups.
    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "-", ".", "(", ")", "\u{2010}"..."\u{2015}", "\u{2212}", "\u{3000}", "\u{00A0}", "\u{30FC}": return true
        default: return scalar.properties.isWhitespace
        }
    }
}

extension Character {
    /// Whether this is one of the ASCII digits 0-9.
    var isASCIIDigit: Bool { isASCII && isNumber }
}
