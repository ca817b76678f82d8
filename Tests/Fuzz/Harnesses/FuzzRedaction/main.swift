// libFuzzer harness: the announcement redaction (PublicRedaction, RedactionRules).
//
// Input: a byte with the name's length, a byte with the unit's length, the name, the unit, then
// the text (all read as UTF-8, invalid bytes replaced).
// Must hold: no trap; the output is valid UTF-8; and a detector written apart from the redactor,
// from the contract in the README (after NFKC, invisible characters dropped, separators ignored
// between digits), finds in the output no mobile number, no ID-card number, no e-mail address,
// no licence plate, and no Chinese owner's name.
import ComplaintDomain
import Foundation

/// The reader's view of a text, by the README's contract, through Foundation's NFKC on the whole string.
func readerView(_ text: String) -> [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    for s in text.precomposedStringWithCompatibilityMapping.unicodeScalars {
        let p = s.properties
        switch p.generalCategory {
        case .format, .nonspacingMark, .enclosingMark: continue
        case .control where !p.isWhitespace: continue
        default: break
        }
        if p.isDefaultIgnorableCodePoint { continue }
        if p.numericType == .decimal, let v = p.numericValue, v >= 0, v <= 9 {
            out.append(Unicode.Scalar(UInt8(48 + Int(v))))
            continue
        }
        if p.isWhitespace {
            out.append(" ")
            continue
        }
        out.append(s.value >= 0x61 && s.value <= 0x7A ? Unicode.Scalar(UInt8(s.value - 32)) : s)
    }
    return out
}

let separators = Set(" .-()[]/_·・•。‐‑‒–—―−⸺⸻〜〰〈〉《》「」『』【】〔〕〖〗〘〙〚〛".unicodeScalars)
func isSeparator(_ s: Unicode.Scalar) -> Bool { separators.contains(s) }
func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
func isLetter(_ s: Unicode.Scalar) -> Bool { ("A"..."Z").contains(s) }

/// Each number: its digits and the character right after it.
func numbers(_ v: [Unicode.Scalar]) -> [(digits: String, next: Unicode.Scalar?)] {
    var result: [(String, Unicode.Scalar?)] = []
    var i = 0
    while i < v.count {
        guard isDigit(v[i]) else {
            i += 1
            continue
        }
        var digits = ""
        var end = i
        var j = i
        while j < v.count, isDigit(v[j]) || isSeparator(v[j]) {
            if isDigit(v[j]) {
                digits.unicodeScalars.append(v[j])
                end = j
            }
            j += 1
        }
        result.append((digits, end + 1 < v.count ? v[end + 1] : nil))
        i = end + 1
    }
    return result
}

func isMobile(_ d: Substring) -> Bool {
    let b = Array(d.utf8)
    return b.count == 11 && b[0] == UInt8(ascii: "1") && b[1] >= UInt8(ascii: "3")
}

func leak(in output: String, name: String) -> String? {
    let v = readerView(output)
    for (digits, next) in numbers(v) {
        if isMobile(digits[...]) || (digits.hasPrefix("86") && isMobile(digits.dropFirst(2)))
            || (digits.hasPrefix("0086") && isMobile(digits.dropFirst(4)))
        {
            return "mobile \(digits)"
        }
        if digits.count == 18 || digits.count == 15 || (digits.count == 17 && next == "X") { return "ID card \(digits)" }
    }
    let text = String(String.UnicodeScalarView(v))
    // e-mail: local@label.tld
    let localSet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-".unicodeScalars)
    for (i, s) in v.enumerated() where s == "@" && i > 0 && localSet.contains(v[i - 1]) {
        var labels: [String] = [""]
        var j = i + 1
        while j < v.count, isLetter(v[j]) || isDigit(v[j]) || v[j] == "-" || v[j] == "." {
            if v[j] == "." { labels.append("") } else { labels[labels.count - 1].unicodeScalars.append(v[j]) }
            j += 1
        }
        // Any prefix label.….tld with a tld of two letters or more and no empty label.
        for k in 1..<labels.count where !labels[0..<k].contains("") {
            let tld = labels[k].unicodeScalars.prefix { isLetter($0) }
            if tld.count >= 2 { return "e-mail in \(text)" }
        }
    }
    // plates: province, letter, an optional separator, 5 (3+ digits) or 6 (new-energy) characters, then no letter or digit.
    let provinces = Set("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领".unicodeScalars)
    for i in v.indices where provinces.contains(v[i]) && i + 1 < v.count && isLetter(v[i + 1]) {
        var j = i + 2
        if j < v.count, ["·", " ", "-"].contains(v[j]) { j += 1 }
        var chars: [Unicode.Scalar] = []
        while j < v.count, isLetter(v[j]) || isDigit(v[j]), chars.count < 7 {
            chars.append(v[j])
            j += 1
        }
        let digitCount = chars.prefix(5).filter(isDigit).count
        if chars.count == 5 && digitCount >= 3 { return "plate in \(text)" }
        if chars.count == 6
            && (("DF".unicodeScalars.contains(chars[0]) && chars[2...].allSatisfy(isDigit))
                || (chars[..<5].allSatisfy(isDigit) && "DF".unicodeScalars.contains(chars[5])))
        {
            return "plate in \(text)"
        }
    }
    // The owner's Chinese name, however spaced (names sharing a character with a replacement are skipped).
    let compactName = readerView(name).filter { !isSeparator($0) }
    let replacementCharacters = Set("某业主先生女士小姐太夫人阿姨叔大爷妈奶老师同学哥姐".unicodeScalars)
    if compactName.count >= 2, compactName.allSatisfy({ $0.properties.isIdeographic && !replacementCharacters.contains($0) }) {
        let compactText = String(String.UnicodeScalarView(v.filter { !isSeparator($0) }))
        if compactText.contains(String(String.UnicodeScalarView(compactName))) { return "owner's name in \(text)" }
    }
    return nil
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRedaction(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let nameLength = min(Int(bytes[0]) % 16, size - 2)
    let unitLength = min(Int(bytes[1]) % 16, size - 2 - nameLength)
    let name = String(decoding: bytes[2..<(2 + nameLength)], as: UTF8.self)
    let unit = String(decoding: bytes[(2 + nameLength)..<(2 + nameLength + unitLength)], as: UTF8.self)
    let text = String(decoding: bytes[(2 + nameLength + unitLength)...], as: UTF8.self)
    let owner = Complainant(name: name, phone: "13800138000", estate: "阳光花园", building: "3栋", unit: unit)
    let output = PublicRedaction.redact(text, complainant: owner)
    check(String(validating: Array(output.utf8), as: UTF8.self) == output, "output is not valid UTF-8")
    if let found = leak(in: output, name: name) {
        fatalError(
            "\(found)\n  name: \(name.debugDescription) unit: \(unit.debugDescription)\n  text: \(text.debugDescription)\n  output: \(output.debugDescription)"
        )
    }
    return 0
}

/// `precondition` whose message survives -O (libFuzzer shows it with the crashing input).
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "") {
    if !condition() { fatalError(message()) }
}
