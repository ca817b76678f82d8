/// How search compares buildings and units: `3`, `3栋`, `3幢`, `3号楼`, `3#` and `３座` are
/// building `3`; `1202`, `1202室` and `1202号` are unit `1202`. So `3-1202`, `3栋1202` and
/// `3幢1202室` name the same home.
public enum UnitKey {
    /// Suffixes a building number is written with, longest first.
    static let buildingSuffixes = ["号楼", "栋", "幢", "座", "楼", "号", "#"]
    /// Suffixes a unit number is written with.
    static let unitSuffixes = ["室", "房", "号", "户"]
    /// What separates a building from its unit in a search (`3-1202`, `3栋1202`, `3#1202`, `3/1202`).
    static let separators = ["号楼", "栋", "幢", "座", "#", "-", "/", "_"]

    /// The comparable form of a building name (folded, spaces and the usual suffixes dropped).
    public static func building(_ text: String) -> String {
        strip(SearchText.foldName(text), suffixes: buildingSuffixes)
    }

    /// The comparable form of a unit number.
    public static func unit(_ text: String) -> String {
        strip(SearchText.foldName(text), suffixes: unitSuffixes)
    }

    /// A home written as building and unit (`3-1202`, `3栋1202`, `3幢1202室`), normalised; nil
    /// for text of another shape. Both parts are 1 to 8 letters or digits.
    public static func parseHome(_ text: String) -> (building: String, unit: String)? {
        let folded = SearchText.foldName(text)
        for separator in separators {
            guard let range = folded.range(of: separator) else { continue }
            let building = strip(String(folded[..<range.lowerBound]), suffixes: buildingSuffixes)
            let unit = strip(String(folded[range.upperBound...]), suffixes: unitSuffixes)
            guard isPart(building), isPart(unit), unit.utf8.contains(where: isDigit) else { return nil }
            return (building, unit)
        }
        return nil
    }

    /// A unit number alone (`1202`, `1202室`), normalised; nil for anything else.
    public static func parseUnit(_ text: String) -> String? {
        let unit = self.unit(text)
        return isPart(unit) && unit.utf8.contains(where: isDigit) ? unit : nil
    }

    private static func isPart(_ part: String) -> Bool {
        !part.isEmpty && part.utf8.count <= 8 && part.utf8.allSatisfy { isDigit($0) || ($0 >= 0x61 && $0 <= 0x7A) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func strip(_ text: String, suffixes: [String]) -> String {
        if let stripped = stripASCII(text, suffixes: suffixes) { return stripped }
        var text = text
        var changed = true
        while changed {
            changed = false
            for suffix in suffixes where text.hasSuffix(suffix) && text.count > suffix.count {
                text.removeLast(suffix.count)
                changed = true
            }
        }
        return text
    }

    /// `strip` for text of printable ASCII, on its bytes (nil for other text), what nearly every
    /// unit number is: each byte is a Character there, and no suffix of other characters can
    /// end it. `String.hasSuffix` compares Characters, 1,000 instructions a call: 2.5 % of a
    /// registration at a unit not seen before.
    private static func stripASCII(_ text: String, suffixes: [String]) -> String? {
        var text = text
        let kept: Int? = text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
            var end = bytes.count
            var changed = true
            while changed {
                changed = false
                for suffix in suffixes {
                    var suffix = suffix
                    let cut = suffix.withUTF8 { tail in
                        tail.count < end && UnsafeBufferPointer(rebasing: bytes[(end - tail.count)..<end]).elementsEqual(tail)
                    }
                    if cut {
                        end -= suffix.utf8.count
                        changed = true
                    }
                }
            }
            return end
        }
        guard let kept else { return nil }
        return kept == text.utf8.count ? text : String(text.utf8.prefix(kept))
    }
}
