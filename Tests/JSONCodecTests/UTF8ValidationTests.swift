import JSONCodec
import Testing

/// Every short byte sequence is accepted inside a string exactly when it is well-formed UTF-8,
/// by each of the three paths that check it: validation (skipping), `readString` and member
/// names. The standard library's strict validator is the oracle.
struct UTF8ValidationTests {
    static func isWellFormed(_ bytes: [UInt8]) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    /// The verdicts of the three paths for `bytes` as string content (control bytes and
    /// quotes/backslashes are excluded by the callers).
    static func verdicts(_ bytes: [UInt8]) -> (skip: Bool, string: Bool, name: Bool) {
        let value = [0x5B, 0x22] + bytes + [0x22, 0x5D]
        let skip = (try? JSONReader.validate(value)) != nil
        let string = (try? JSONReader.decode([String].self, from: value)) != nil
        let object = [0x7B, 0x22] + bytes + Array("\":0}".utf8)
        let name = (try? JSONReader.validate(object)) != nil
        return (skip, string, name)
    }

    static func isPlain(_ byte: UInt8) -> Bool { byte >= 0x20 && byte != 0x22 && byte != 0x5C }

    @Test func everyOneAndTwoByteSequence() {
        var checked = 0
        for first in UInt8(0x20)...0xFF where Self.isPlain(first) {
            for second in UInt8(0x20)...0xFF where Self.isPlain(second) {
                let bytes = [first, second]
                let expected = Self.isWellFormed(bytes)
                let (skip, string, name) = Self.verdicts(bytes)
                if skip != expected || string != expected || name != expected {
                    Issue.record("\(bytes.map { String($0, radix: 16) }): expected \(expected), got skip \(skip) string \(string) name \(name)")
                }
                checked += 1
            }
        }
        #expect(checked == 222 * 222)
    }

    /// Chinese text is checked two characters at a time: a sequence among Chinese characters,
    /// first or second of a pair, is accepted exactly when it is well formed.
    @Test func everySequenceAmongChineseCharacters() {
        let zhong: [UInt8] = [0xE4, 0xB8, 0xAD]
        let probes: [UInt8] = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xE4, 0xFF]
        var checked = 0
        for lead in [UInt8(0x41), 0x80, 0xBF, 0xC2, 0xDF] + Array(UInt8(0xE0)...0xFF) {
            for second in probes {
                for third in probes {
                    for before in 0...2 {
                        let around = Array(repeating: zhong, count: before).joined()
                        let bytes = Array(around) + [lead, second, third] + zhong + zhong
                        let expected = Self.isWellFormed(bytes)
                        let (skip, string, name) = Self.verdicts(bytes)
                        if skip != expected || string != expected || name != expected {
                            Issue.record("\(bytes.map { String($0, radix: 16) }): expected \(expected), got \(skip) \(string) \(name)")
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 37 * 11 * 11 * 3)
        // A long run of them, cut anywhere, is refused; whole, it reads back.
        let text = Array(String(repeating: "投诉已受理，", count: 20).utf8)
        #expect(Self.verdicts(text) == (true, true, true))
        for cut in [1, 2, 4, 5, 7, 8] {
            let (skip, string, name) = Self.verdicts(Array(text.dropLast(cut)))
            #expect(!skip && !string && !name, "cut \(cut)")
        }
    }

    @Test func everyThreeAndFourByteLeadAgainstTheBoundariesOfItsContinuations() {
        let probes: [UInt8] = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xE4, 0xFF]
        for lead in UInt8(0xE0)...0xFF {
            for second in probes {
                for third in probes {
                    for tail in [[], [0x80], [0xBF], [0x41], [0x80, 0x80]] as [[UInt8]] {
                        // Padding puts the sequence at every alignment of the word-at-a-time scans.
                        for padding in [0, 5, 7] {
                            let bytes = Array(repeating: UInt8(ascii: "x"), count: padding) + [lead, second, third] + tail
                            let expected = Self.isWellFormed(bytes)
                            let (skip, string, name) = Self.verdicts(bytes)
                            if skip != expected || string != expected || name != expected {
                                Issue.record("\(bytes.map { String($0, radix: 16) }): expected \(expected), got \(skip) \(string) \(name)")
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func everyScalarSurvivesRawAndEscaped() throws {
        var scalars: [Unicode.Scalar] = []
        var value: UInt32 = 0
        while value <= 0x10FFFF {
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            value += value < 0x800 ? 1 : 97
        }
        let text = String(String.UnicodeScalarView(scalars))
        #expect(try JSONReader.decode(String.self, from: JSONWriter.encode(text)) == text)
        // The same scalars written as \u escapes (surrogate pairs above U+FFFF).
        var escaped = "\""
        for scalar in scalars {
            for unit in String(scalar).utf16 {
                escaped += "\\u" + String(repeating: "0", count: 4 - String(unit, radix: 16).count) + String(unit, radix: 16)
            }
        }
        escaped += "\""
        #expect(try JSONReader.decode(String.self, from: Array(escaped.utf8)) == text)
    }
}
