/// The matchers of `RedactionRules`: each finds spans of a `ReadableText` to replace.
struct RedactionScan {
    /// A part of the readable text (inclusive indices) and what replaces it.
    struct Span {
        var start: Int
        var end: Int
        var replacement: String
    }

    /// The scalars as read (see `ReadableText`).
    let s: [Unicode.Scalar]
    var spans: [Span] = []

    init(_ text: ReadableText) { s = text.scalars }

    func scalar(_ index: Int) -> Unicode.Scalar? { index >= 0 && index < s.count ? s[index] : nil }
    func isAlphanumeric(_ index: Int) -> Bool {
        guard let c = scalar(index) else { return false }
        return ReadableText.isDigit(c) || ReadableText.isLetter(c)
    }
    static func stars(_ count: Int) -> String { String(repeating: "*", count: max(1, count)) }

    // MARK: numbers (mobile, landline, ID card, long numbers, the owner's unit number)

    /// Every run of digits joined by separators: masked when it is a mobile or ID-card number,
    /// or a landline or other long number that is not a date or an amount; otherwise the
    /// owner's unit number is looked for among its groups.
    mutating func numbers(unitNumbers: [[Unicode.Scalar]]) {
        var i = 0
        while i < s.count {
            guard ReadableText.isDigit(s[i]) else {
                i += 1
                continue
            }
            var groups: [ClosedRange<Int>] = []
            var j = i
            while true {
                let groupStart = j
                while j < s.count && ReadableText.isDigit(s[j]) { j += 1 }
                groups.append(groupStart...(j - 1))
                var k = j
                while k < s.count && ReadableText.isSeparator(s[k]) { k += 1 }
                guard k < s.count, ReadableText.isDigit(s[k]) else { break }
                j = k
            }
            run(groups, unitNumbers: unitNumbers)
            i = groups[groups.count - 1].upperBound + 1
        }
    }

    private mutating func run(_ groups: [ClosedRange<Int>], unitNumbers: [[Unicode.Scalar]]) {
        var digits: [UInt8] = []
        for group in groups { for index in group { digits.append(UInt8(s[index].value) - 0x30) } }
        let first = groups[0].lowerBound
        let last = groups[groups.count - 1].upperBound
        let xSuffix = scalar(last + 1) == "X"
        let n = digits.count
        func isMobile(_ d: ArraySlice<UInt8>) -> Bool { d.count == 11 && d.first == 1 && d[d.startIndex + 1] >= 3 }
        let mobile =
            isMobile(digits[...]) || (n == 13 && digits.starts(with: [8, 6]) && isMobile(digits[2...]))
            || (n == 15 && digits.starts(with: [0, 0, 8, 6]) && isMobile(digits[4...]))
        let idCard = n == 18 || n == 15 || (n == 17 && xSuffix)
        let landline = (digits[0] == 0 && (10...12).contains(n)) || ((7...8).contains(n) && digits[0] >= 2)
        let long = n >= 7
        let isDate = isDateSequence(groups)
        if mobile || idCard || ((landline || long) && !isDate && !isAmount(groups)) {
            var start = first
            if let before = scalar(first - 1), before == "(" || before == "+" { start -= 1 }
            let withX = idCard && xSuffix
            spans.append(Span(start: start, end: withX ? last + 1 : last, replacement: Self.stars(n + (withX ? 1 : 0))))
            return
        }
        guard !isDate else { return }
        for target in unitNumbers {
            for g in groups.indices {
                var matched = 0
                var h = g
                while h < groups.count && matched < target.count {
                    let group = groups[h]
                    guard matched + group.count <= target.count,
                        zip(group, target[matched...]).allSatisfy({ s[$0.0] == $0.1 })
                    else { break }
                    matched += group.count
                    h += 1
                }
                if matched == target.count && h > g {
                    spans.append(Span(start: groups[g].lowerBound, end: groups[h - 1].upperBound, replacement: "***"))
                }
            }
        }
    }

    private func groupValue(_ group: ClosedRange<Int>) -> Int {
        var value = 0
        for index in group.prefix(9) { value = value * 10 + Int(s[index].value - 0x30) }
        return value
    }

    /// Dates and times written with separators: YYYY-M-D, then (when month and day have two
    /// digits) up to three two-digit groups hh mm ss; several in a row (a range) are fine.
    private func isDateSequence(_ groups: [ClosedRange<Int>]) -> Bool {
        var g = 0
        while g < groups.count {
            guard g + 2 < groups.count, groups[g].count == 4, groups[g + 1].count <= 2, groups[g + 2].count <= 2 else { return false }
            let year = groupValue(groups[g])
            let month = groupValue(groups[g + 1])
            let day = groupValue(groups[g + 2])
            guard (1900...2199).contains(year), (1...12).contains(month), day >= 1,
                day <= ReportPeriod.daysIn(month: month, year: year)
            else { return false }
            let canHaveTime = groups[g + 1].count == 2 && groups[g + 2].count == 2
            g += 3
            var parts = 0
            while canHaveTime, parts < 3, g < groups.count, groups[g].count == 2, groupValue(groups[g]) <= (parts == 0 ? 23 : 59) {
                parts += 1
                g += 1
            }
        }
        return true
    }

    /// 7 to 10 plain digits (and up to two decimals after a dot) followed by 元, 块, 万 or 亿,
    /// or after ¥: an amount of money.
    private func isAmount(_ groups: [ClosedRange<Int>]) -> Bool {
        guard (7...10).contains(groups[0].count), groups.count <= 2 else { return false }
        if groups.count == 2 {
            guard groups[1].count <= 2, groups[1].lowerBound == groups[0].upperBound + 2,
                s[groups[0].upperBound + 1] == "."
            else { return false }
        }
        if let before = scalar(groups[0].lowerBound - 1), before == "¥" || before == "$" { return true }
        guard let after = scalar(groups[groups.count - 1].upperBound + 1) else { return false }
        return RedactionRules.amountUnits.contains(after)
    }

    // MARK: e-mail

    /// `local@domain.tld`, spaces around `@` allowed.
    mutating func emails() {
        func isLocal(_ c: Unicode.Scalar) -> Bool {
            ReadableText.isDigit(c) || ReadableText.isLetter(c) || c == "." || c == "_" || c == "%" || c == "+" || c == "-"
        }
        func isDomain(_ c: Unicode.Scalar) -> Bool { ReadableText.isDigit(c) || ReadableText.isLetter(c) || c == "." || c == "-" }
        var at = 0
        while at < s.count {
            defer { at += 1 }
            guard s[at] == "@" else { continue }
            var left = at - 1
            if left >= 0 && s[left] == " " { left -= 1 }
            var start = left + 1
            while start > 0 && isLocal(s[start - 1]) { start -= 1 }
            guard start <= left else { continue }
            var domainStart = at + 1
            if domainStart < s.count && s[domainStart] == " " { domainStart += 1 }
            var end = domainStart
            while end < s.count && isDomain(s[end]) { end += 1 }
            guard end > domainStart, s[domainStart] != "." else { continue }
            let hasTopLevel = (domainStart + 1..<end).contains { dot in
                s[dot] == "." && dot + 2 < end && ReadableText.isLetter(s[dot + 1]) && ReadableText.isLetter(s[dot + 2])
            }
            guard hasTopLevel else { continue }
            spans.append(Span(start: start, end: end - 1, replacement: "***@***"))
            at = end - 1
        }
    }
}
