/// Picks the language of an answer from `Accept-Language` (RFC 9110 §12.5.4): language ranges
/// with optional q-values, the highest weight first (ties keep their order), `q=0` excluding a
/// language, `*` matching any. A range is matched by lookup (RFC 4647 §3.4): `zh-Hans-CN` tries
/// `zh-Hans-CN`, `zh-Hans`, then `zh`, so a browser's `zh-CN` gets the `zh` texts.
public enum AcceptLanguage {
    /// The tag of `available` the header prefers most; `fallback` when it names none of them
    /// (or is absent or malformed).
    public static func best(_ header: String?, available: [String], fallback: String) -> String {
        guard let header, !header.isEmpty else { return fallback }
        var ranges: [(range: String, weight: Int, order: Int)] = []
        for (order, item) in header.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";")
            guard let first = parts.first else { continue }
            let range = first.trimmingSpaces.lowercased()
            guard !range.isEmpty, range.utf8.allSatisfy({ isRangeByte($0) }) else { continue }
            var weight = 1000
            var malformed = false
            for parameter in parts.dropFirst() {
                let text = parameter.trimmingSpaces.lowercased()
                guard text.hasPrefix("q=") else { continue }
                if let value = qvalue(text.dropFirst(2)) { weight = value } else { malformed = true }
            }
            if !malformed { ranges.append((range, weight, order)) }
        }
        let lowered = available.map { $0.lowercased() }
        let excluded = Set(ranges.filter { $0.weight == 0 }.map(\.range))
        for entry in ranges.filter({ $0.weight > 0 }).sorted(by: { ($0.weight, -$0.order) > ($1.weight, -$1.order) }) {
            if entry.range == "*" {
                if !excluded.contains(fallback.lowercased()) { return fallback }
                if let index = lowered.firstIndex(where: { !excluded.contains($0) }) { return available[index] }
                continue
            }
            var candidate = Substring(entry.range)
            while !candidate.isEmpty {
                if let index = lowered.firstIndex(of: String(candidate)), !excluded.contains(lowered[index]) { return available[index] }
                guard let dash = candidate.lastIndex(of: "-") else { break }
                candidate = candidate[..<dash]
                // A single-letter subtag (an extension's singleton) goes with what follows it.
                if let next = candidate.lastIndex(of: "-"), candidate.distance(from: next, to: candidate.endIndex) == 2 {
                    candidate = candidate[..<next]
                }
            }
        }
        return fallback
    }

    /// The `Accept-Language` value in raw head bytes that failed to parse (a body over the limit,
    /// a bad field elsewhere), so even that refusal is in the sender's language. Looks only at
    /// the first `limit` bytes and only at a line starting `accept-language:` (any case); nil when
    /// absent or not printable ASCII.
    public static func sniff(_ bytes: UnsafeRawBufferPointer, limit: Int) -> String? {
        let name = Array("accept-language:".utf8)
        let end = Swift.min(bytes.count, limit)
        var lineStart = 0
        while lineStart < end {
            var lineEnd = lineStart
            while lineEnd < end && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            if lineStart > 0, lineEnd - lineStart > name.count,
                (0..<name.count).allSatisfy({ (bytes[lineStart + $0] | 0x20) == name[$0] || bytes[lineStart + $0] == name[$0] })
            {
                var value: [UInt8] = []
                for index in (lineStart + name.count)..<lineEnd where bytes[index] != 0x0D {
                    guard bytes[index] >= 0x20 && bytes[index] < 0x7F else { return nil }
                    value.append(bytes[index])
                }
                return String(decoding: value, as: UTF8.self)
            }
            if lineEnd == lineStart || (lineEnd == lineStart + 1 && bytes[lineStart] == 0x0D) { return nil }  // end of the head
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// `0`, `0.5`, `1.000` → 0…1000; nil when not a qvalue.
    private static func qvalue(_ text: Substring) -> Int? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, whole == "0" || whole == "1" else { return nil }
        var thousandths = whole == "1" ? 1000 : 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard fraction.count <= 3, fraction.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            let digits = Int(fraction.padding(toLength: 3, withPad: "0", startingAt: 0)) ?? 0
            if whole == "1" && digits != 0 { return nil }
            thousandths += digits
        }
        return thousandths
    }

    private static func isRangeByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2A
    }
}

private extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }
}

private extension Substring {
    func padding(toLength length: Int, withPad pad: String, startingAt: Int) -> String {
        String(self) + String(repeating: pad, count: Swift.max(0, length - count))
    }
}
