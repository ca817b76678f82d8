/// The matchers for plates, labelled contacts and the owner's own name and unit.
extension RedactionScan {
    // MARK: licence plates

    /// Province + letter + 5 characters (at least 3 digits; or 4 and a suffix such as 挂), or 6
    /// for new-energy plates (D/F + a character + 4 digits, or 5 digits + D/F); one separator
    /// may stand between any two characters.
    mutating func plates() {
        for i in s.indices where Self.isProvince(s[i]) {
            var j = skipOneSeparator(i + 1)
            guard let letter = scalar(j), ReadableText.isLetter(letter) else { continue }
            var positions: [Int] = []
            j += 1
            while positions.count < 6 {
                let k = skipOneSeparator(j)
                guard isAlphanumeric(k) else { break }
                positions.append(k)
                j = k + 1
            }
            let chars = positions.map { s[$0] }
            func digitCount(_ part: ArraySlice<Unicode.Scalar>) -> Int { part.filter(ReadableText.isDigit).count }
            func endsCleanly(_ index: Int) -> Bool { !isAlphanumeric(index + 1) }
            var end: Int?
            if chars.count == 6, endsCleanly(positions[5]),
                ("DF".unicodeScalars.contains(chars[0]) && digitCount(chars[2...]) == 4)
                    || (digitCount(chars[0..<5]) == 5 && "DF".unicodeScalars.contains(chars[5]))
            {
                end = positions[5]
            } else if chars.count >= 5, endsCleanly(positions[4]), digitCount(chars[0..<5]) >= 3 {
                end = positions[4]
            } else if chars.count == 4, digitCount(chars[0..<4]) >= 3 {
                let k = skipOneSeparator(positions[3] + 1)
                if let suffix = scalar(k), RedactionRules.plateSuffixes.contains(suffix) { end = k }
            }
            guard let end else { continue }
            let kept = String(String.UnicodeScalarView([s[i], letter]))
            spans.append(Span(start: i, end: end, replacement: kept + Self.stars(positions.filter { $0 <= end }.count)))
        }
    }

    /// Province abbreviations as a bitmap of the CJK block: hashing every character of a long
    /// Chinese text into a Set costs more than all the other rules together.
    private static let provinceBits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (0xA000 - 0x4E00) / 64 + 1)
        for p in RedactionRules.provinces where (0x4E00..<0xA000).contains(p.value) {
            let offset = Int(p.value) - 0x4E00
            bits[offset >> 6] |= 1 << UInt64(offset & 63)
        }
        return bits
    }()

    @inline(__always)
    private static func isProvince(_ c: Unicode.Scalar) -> Bool {
        guard c.value >= 0x4E00 && c.value < 0xA000 else { return false }
        let offset = Int(c.value) - 0x4E00
        return provinceBits[offset >> 6] & (1 << UInt64(offset & 63)) != 0
    }

    private func isLetter(_ index: Int) -> Bool { scalar(index).map(ReadableText.isLetter) ?? false }

    private func skipOneSeparator(_ index: Int) -> Int {
        guard let c = scalar(index), ReadableText.isSeparator(c) else { return index }
        return index + 1
    }

    // MARK: labelled contacts

    /// A token of 5 or more letters, digits, `_` or `-` after 微信, QQ, 电话… (and 号, 号码, `:`).
    mutating func labelledContacts() {
        for i in s.indices where Self.contactLabelFirsts.contains(s[i].value) {
            for label in Self.contactLabels where label[0] == s[i] {
                guard i + label.count <= s.count, s[i..<(i + label.count)].elementsEqual(label) else { continue }
                var j = i + label.count
                // WX, QQ… must stand alone: not inside WXYZ or a longer word.
                if label.allSatisfy(ReadableText.isLetter), isLetter(i - 1) || isLetter(j) { continue }
                if scalar(j) == "号" {
                    j += 1
                    if scalar(j) == "码" { j += 1 }
                }
                while let c = scalar(j), c == ":" || c == " " || c == "=" { j += 1 }
                var end = j
                while let c = scalar(end), ReadableText.isDigit(c) || ReadableText.isLetter(c) || c == "_" || c == "-" { end += 1 }
                if end - j >= 5 { spans.append(Span(start: j, end: end - 1, replacement: "***")) }
            }
        }
    }

    private static let contactLabels: [[Unicode.Scalar]] = RedactionRules.contactLabels.map { Array($0.unicodeScalars) }
    /// The first characters of the labels, sorted: a binary search, not a hash per character.
    private static let contactLabelFirsts = SortedScalars(contactLabels.compactMap { $0.first?.value })

    /// A small set of scalar values searched by halving.
    struct SortedScalars {
        let values: [UInt32]
        init(_ values: [UInt32]) { self.values = Array(Set(values)).sorted() }
        func contains(_ value: UInt32) -> Bool {
            var low = 0
            var high = values.count
            while low < high {
                let middle = (low + high) / 2
                if values[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low < values.count && values[low] == value
        }
    }

    // MARK: the owner's name, surname and unit

    /// Every occurrence of `target` with any separators between its characters; an end that is
    /// a letter or digit must not touch another letter or digit (1202 is not inside 12025).
    mutating func occurrences(of target: [Unicode.Scalar], replacement: String) {
        guard let head = target.first else { return }
        for i in s.indices where s[i] == head {
            if isAlphanumeric(i), isAlphanumeric(i - 1) { continue }
            guard let end = matchEnd(of: target[1...], after: i) else { continue }
            if let last = target.last, ReadableText.isDigit(last) || ReadableText.isLetter(last), isAlphanumeric(end + 1) { continue }
            spans.append(Span(start: i, end: end, replacement: replacement))
        }
    }

    /// Where `rest` ends when it follows position `i`, separators skipped; nil when it does not.
    private func matchEnd(of rest: ArraySlice<Unicode.Scalar>, after i: Int) -> Int? {
        var k = i
        for wanted in rest {
            k += 1
            while let c = scalar(k), ReadableText.isSeparator(c), c != wanted { k += 1 }
            guard scalar(k) == wanted else { return nil }
        }
        return k
    }

    /// The surname followed by a title (李女士, 李 先生) becomes 某 + the title.
    mutating func surnameWithTitle(_ surname: [Unicode.Scalar]) {
        guard let head = surname.first else { return }
        for i in s.indices where s[i] == head {
            guard let surnameEnd = matchEnd(of: surname[1...], after: i) else { continue }
            for title in Self.titles {
                guard let end = matchEnd(of: title[...], after: surnameEnd) else { continue }
                spans.append(Span(start: i, end: end, replacement: "某" + String(String.UnicodeScalarView(title))))
                break
            }
        }
    }

    private static let titles: [[Unicode.Scalar]] = RedactionRules.titles.map { Array($0.unicodeScalars) }
}
