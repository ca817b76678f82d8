import Foundation

/// A text as a reader sees it, for finding personal data however it was typed.
///
/// Each scalar is NFKC-normalized on its own (full-width `１３８` and `＠` read as `138` and `@`,
/// `⑴` as `(1)`), decimal digits of any script read as ASCII digits, ASCII letters as uppercase,
/// and invisible characters (format characters such as zero-width space, joiners, BOM and soft
/// hyphen; combining marks; controls other than whitespace; default-ignorable code points) are
/// dropped. Every kept scalar remembers which original scalar it came from, so a match can be
/// cut out of the original text, which is otherwise published unchanged (its Chinese punctuation
/// is not turned into ASCII).
struct ReadableText {
    /// The original scalars.
    let original: [Unicode.Scalar]
    /// What a reader sees.
    private(set) var scalars: [Unicode.Scalar] = []
    /// For each of `scalars`, the index in `original` it comes from.
    private(set) var origin: [Int] = []
    /// The UTF-8 offset of each original scalar, and of the end.
    private(set) var utf8Offsets: [Int] = []

    init(_ text: String) {
        original = Array(text.unicodeScalars)
        scalars.reserveCapacity(original.count)
        origin.reserveCapacity(original.count)
        utf8Offsets.reserveCapacity(original.count + 1)
        var offset = 0
        var cache: [UInt32: [Unicode.Scalar]] = [:]
        for (index, scalar) in original.enumerated() {
            utf8Offsets.append(offset)
            offset += UTF8.width(scalar)
            if Self.isReadAsIs(scalar) {
                append(scalar, from: index)
            } else if scalar.value >= 0xFF01 && scalar.value <= 0xFF5E {
                // Full-width ASCII (１, ＠, （): NFKC gives the ASCII character 0xFEE0 below.
                append(Unicode.Scalar(UInt8(scalar.value - 0xFEE0)), from: index)
            } else if scalar.value == 0x3000 {
                append(" ", from: index)  // ideographic space
            } else if scalar.value < 0x80 {
                // ASCII controls: whitespace separates, the rest is invisible.
                if scalar.properties.isWhitespace { append(" ", from: index) }
            } else {
                let readable =
                    cache[scalar.value]
                    ?? {
                        let mapped = Self.readable(scalar)
                        cache[scalar.value] = mapped
                        return mapped
                    }()
                for mapped in readable { append(mapped, from: index) }
            }
        }
        utf8Offsets.append(offset)
    }

    private mutating func append(_ scalar: Unicode.Scalar, from index: Int) {
        // Uppercase ASCII letters so matchers compare case-insensitively for free.
        if scalar.value >= 0x61 && scalar.value <= 0x7A {
            scalars.append(Unicode.Scalar(UInt8(scalar.value - 0x20)))
        } else {
            scalars.append(scalar)
        }
        origin.append(index)
    }

    /// Printable ASCII and the common CJK blocks read as themselves (NFKC leaves them alone);
    /// checking this first keeps Chinese text off the slow path.
    @inline(__always)
    static func isReadAsIs(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v >= 0x20 && v < 0x7F) || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF)
            || (v >= 0xAC00 && v <= 0xD7A3) || v == 0x3001 || v == 0x3002
    }

    /// The scalars a reader sees for `scalar`: none when invisible, else its NFKC form with
    /// decimal digits as ASCII.
    static func readable(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        if isInvisible(scalar) { return [] }
        var out: [Unicode.Scalar] = []
        for mapped in String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars {
            if mapped.value < 0x80 {
                if mapped.value >= 0x20 && mapped.value < 0x7F { out.append(mapped) } else if mapped.properties.isWhitespace { out.append(" ") }
            } else if isInvisible(mapped) {
                continue
            } else if mapped.properties.numericType == .decimal, let value = mapped.properties.numericValue,
                value >= 0, value <= 9
            {
                out.append(Unicode.Scalar(UInt8(0x30 + Int(value))))
            } else if mapped.properties.isWhitespace {
                out.append(" ")
            } else {
                out.append(mapped)
            }
        }
        return out
    }

    /// Characters nobody sees: format characters, combining marks, non-whitespace controls and
    /// default-ignorable code points (variation selectors, Hangul fillers…).
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .format, .nonspacingMark, .enclosingMark: return true
        case .control: return !properties.isWhitespace
        default: return properties.isDefaultIgnorableCodePoint
        }
    }

    /// Whether `scalar` (as read) is an ASCII digit.
    @inline(__always)
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }

    /// Whether `scalar` (as read) is an ASCII letter (uppercase once read).
    @inline(__always)
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x41 && scalar.value <= 0x5A }

    /// Characters ignored between the digits of one number: whitespace, dots, dashes, brackets,
    /// slashes, underscores and middle dots (full-width forms read as these already).
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x2E, 0x2D, 0x28, 0x29, 0x5B, 0x5D, 0x2F, 0x5F: return true  // space . - ( ) [ ] / _
        case 0xB7, 0x30FB, 0x2022, 0x3002: return true  // · ・ • 。
        case 0x2010...0x2015, 0x2212, 0x2E3A, 0x2E3B, 0x301C, 0x3030: return true  // dashes, minus, wave dashes
        case 0x3008...0x3011, 0x3014...0x301B: return true  // CJK brackets 〈〉《》「」『』【】〔〕〖〗〘〙〚〛
        default: return false  // every whitespace already reads as " "
        }
    }
}
