import Foundation

/// Text as search compares it: Unicode NFKC and case folding, so full-width `ＡＢＣ１２３` finds
/// `abc123` and `Elevator` finds `elevator`; Chinese text is unchanged by both.
///
/// Most texts are CJK and ASCII, which fold scalar by scalar without Foundation; a text with
/// anything else goes through Foundation's NFKC and lower-casing once (a hundred times slower),
/// then the same loop.
public enum SearchText {
    /// The folded UTF-8 bytes of `text`.
    public static func fold(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        if !appendFast(text, to: &out) {
            out.removeAll(keepingCapacity: true)
            let slow = text.precomposedStringWithCompatibilityMapping.lowercased()
            if !appendFast(slow, to: &out) {
                out = Array(slow.utf8)
            }
        }
        return out
    }

    /// The folded text of a name: as `fold`, with every space dropped (`李 伟` is `李伟`).
    public static func foldName(_ name: String) -> String {
        // Most names (Chinese names, building and unit numbers) fold to themselves: the same
        // string, not two arrays and a new string for each name a replay meets.
        if foldsToItself(name) { return name }
        let bytes = fold(name).filter { $0 != UInt8(ascii: " ") && $0 != 0x09 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether folded `haystack` contains folded `needle`.
    public static func contains(_ haystack: String, folded needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        return fold(haystack).containsBytes(needle)
    }

    /// Whether `fold` leaves every scalar of `name` as it is and none is a space or a tab.
    private static func foldsToItself(_ name: String) -> Bool {
        for scalar in name.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A, 0x20, 0x09: return false
            case 0x00...0x7F: continue
            case _ where isKeptWide(scalar.value): continue
            default: return false
            }
        }
        return true
    }

    /// CJK punctuation, kana, unified ideographs, Hangul syllables: NFKC and case leave them (all
    /// are three UTF-8 bytes).
    private static func isKeptWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x3001...0x3035, 0x3041...0x3096, 0x30A1...0x30FA, 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xAC00...0xD7A3: return true
        default: return false
        }
    }

    /// Appends the folded scalars; false when a scalar needs Foundation (nothing is promised of `out` then).
    private static func appendFast(_ text: String, to out: inout [UInt8]) -> Bool {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x41...0x5A: out.append(UInt8(value + 0x20))
            case 0x00...0x7F: out.append(UInt8(value))
            case 0xFF21...0xFF3A: out.append(UInt8(value - 0xFEE0 + 0x20))  // full-width A-Z
            case 0xFF01...0xFF5E: out.append(UInt8(value - 0xFEE0))  // other full-width ASCII
            case 0x3000: out.append(UInt8(ascii: " "))  // ideographic space
            case _ where isKeptWide(value):
                out.append(UInt8(0xE0 | value >> 12))
                out.append(UInt8(0x80 | (value >> 6) & 0x3F))
                out.append(UInt8(0x80 | value & 0x3F))
            default:
                return false
            }
        }
        return true
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes.
    func containsBytes(_ needle: [UInt8]) -> Bool {
        withUnsafeBufferPointer { hay in needle.withUnsafeBufferPointer { pin in occurs(pin, in: hay) } }
    }
}
