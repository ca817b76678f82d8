import Foundation

/// Removes what identifies a person from free text before it is announced (workflow.md §8, PIPL).
///
/// Applies every rule of `RedactionRules` to the text as a reader sees it (`ReadableText`:
/// NFKC, invisible characters dropped, separators between digits ignored) and cuts each match
/// out of the original text, which is otherwise published unchanged.
public enum PublicRedaction {
    /// What is known of one owner, read once per complaint: name, surname and unit forms.
    public struct Owner: Sendable {
        /// The name as read, separators dropped; empty when shorter than two characters.
        let name: [Unicode.Scalar]
        /// The surname (first character, or a 复姓) when the name is Chinese.
        let surname: [Unicode.Scalar]
        /// The unit as written (as read, separators dropped) when it is not just a number.
        let unitText: [Unicode.Scalar]
        /// The unit's numbers of 3 or more digits: all its digits when it is only digits and
        /// separators (12-02 → 1202), and its longest group (1202室 → 1202, 3-1202 → 1202).
        let unitNumbers: [[Unicode.Scalar]]

        /// Reads `complainant`'s name and unit.
        public init(_ complainant: Complainant) {
            let name = Self.compact(complainant.name)
            self.name = name.count >= 2 ? name : []
            let isChinese = name.first.map { $0.properties.isIdeographic } ?? false
            if isChinese {
                let two = String(String.UnicodeScalarView(name.prefix(2)))
                surname = name.count >= 3 && RedactionRules.compoundSurnames.contains(two) ? Array(name.prefix(2)) : Array(name.prefix(1))
            } else {
                surname = []
            }
            let unit = Self.compact(complainant.unit)
            let groups = ReadableText(complainant.unit).scalars.split { !ReadableText.isDigit($0) }.map(Array.init)
            var numbers: [[Unicode.Scalar]] = []
            let onlyDigits = !unit.isEmpty && unit.allSatisfy(ReadableText.isDigit)
            if onlyDigits, unit.count >= 3 { numbers.append(unit) }
            if let longest = groups.max(by: { $0.count < $1.count }), longest.count >= 3, longest != unit { numbers.append(longest) }
            unitNumbers = numbers
            unitText = !onlyDigits && unit.count >= 2 ? unit : []
        }

        /// `text` as read, without separators: the form matched with any spacing.
        static func compact(_ text: String) -> [Unicode.Scalar] {
            ReadableText(text).scalars.filter { !ReadableText.isSeparator($0) }
        }
    }

    /// `text` with every rule applied for the owner `complainant`.
    public static func redact(_ text: String, complainant: Complainant) -> String {
        redact(text, owner: Owner(complainant))
    }

    /// `text` with every rule applied for `owner`.
    public static func redact(_ text: String, owner: Owner) -> String {
        guard var current = apply(text, owner: owner) else { return text }
        // Masking can complete a pattern (京A0114D followed by a masked number reads as a plate):
        // read the result again until nothing more matches.
        for _ in 0..<3 {
            guard let again = apply(current, owner: nil) else { break }
            current = again
        }
        return current
    }

    /// One pass of the rules (the owner's only when given); nil when nothing matched.
    private static func apply(_ text: String, owner: Owner?) -> String? {
        guard !text.isEmpty else { return nil }
        let readable = ReadableText(text)
        var scan = RedactionScan(readable)
        // The order of RedactionRules; overlapping matches merge below.
        scan.numbers(unitNumbers: owner?.unitNumbers ?? [])
        scan.emails()
        scan.plates()
        scan.labelledContacts()
        if let owner {
            scan.occurrences(of: owner.name, replacement: "某业主")
            scan.surnameWithTitle(owner.surname)
            scan.occurrences(of: owner.unitText, replacement: "***")
        }
        guard !scan.spans.isEmpty else { return nil }
        return assemble(text, readable, scan.spans)
    }

    /// The original text with each span (mapped back to original scalars) replaced; overlapping
    /// spans merge and take the replacement of the longest (of the earlier rule on a tie).
    static func assemble(_ text: String, _ readable: ReadableText, _ spans: [RedactionScan.Span]) -> String {
        let ranges = spans.enumerated()
            .map {
                (
                    order: $0.offset, start: readable.origin[$0.element.start], end: readable.origin[$0.element.end],
                    length: $0.element.end - $0.element.start, replacement: $0.element.replacement
                )
            }
            .sorted { ($0.start, $0.order) < ($1.start, $1.order) }
            .map { (start: $0.start, end: $0.end, length: $0.length, replacement: $0.replacement) }
        var merged: [(start: Int, end: Int, length: Int, replacement: String)] = []
        for range in ranges {
            if var last = merged.last, range.start <= last.end {
                if range.length > last.length {
                    last.length = range.length
                    last.replacement = range.replacement
                }
                last.end = max(last.end, range.end)
                merged[merged.count - 1] = last
            } else {
                merged.append(range)
            }
        }
        // Copy the kept UTF-8 bytes as they are; only whole scalars are ever cut.
        let bytes = Array(text.utf8)
        let offsets = readable.utf8Offsets
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var next = 0
        for range in merged {
            out.append(contentsOf: bytes[offsets[next]..<offsets[range.start]])
            out.append(contentsOf: range.replacement.utf8)
            next = range.end + 1
        }
        out.append(contentsOf: bytes[offsets[next]...])
        return String(decoding: out, as: UTF8.self)
    }
}
