import JSONCodec
import Testing

/// What the writer produces: escaping, numbers, structure; always valid JSON.
struct WriterTests {
    static func text(_ body: (inout JSONWriter) -> Void, escapingHTML: Bool = false) -> String {
        var writer = JSONWriter(escapingHTML: escapingHTML)
        body(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func everyControlCharacterIsEscaped() throws {
        let named: [UInt8: String] = [0x08: #"\b"#, 0x09: #"\t"#, 0x0A: #"\n"#, 0x0C: #"\f"#, 0x0D: #"\r"#]
        let hex = Array("0123456789abcdef")
        for byte in UInt8(0)..<0x20 {
            let expected = named[byte] ?? "\\u00\(hex[Int(byte >> 4)])\(hex[Int(byte & 0xF)])"
            let written = Self.text { $0.string("a" + String(Unicode.Scalar(byte)) + "b") }
            #expect(written == "\"a\(expected)b\"", "byte \(byte)")
            #expect(try JSONReader.decode(String.self, from: Array(written.utf8)) == "a" + String(Unicode.Scalar(byte)) + "b")
        }
    }

    @Test func quotesBackslashesAndLineSeparatorsAreEscapedTheRestIsRaw() {
        #expect(Self.text { $0.string(#"say "hi" \ bye"#) } == #""say \"hi\" \\ bye""#)
        #expect(Self.text { $0.string("a\u{2028}b\u{2029}c") } == #""a\u2028b\u2029c""#)
        #expect(Self.text { $0.string("投诉 😀 / é \u{7F}") } == "\"投诉 😀 / é \u{7F}\"")
        // "—" and "“" share the 0xE2 lead byte with U+2028 and stay raw.
        #expect(Self.text { $0.string("a—“b”") } == "\"a—“b”\"")
        #expect(Self.text { $0.string("</script>&") } == #""</script>&""#)
        #expect(Self.text({ $0.string("</script>&") }, escapingHTML: true) == #""\u003c/script\u003e\u0026""#)
        // Long runs exercise the eight-bytes-at-a-time path around each special byte.
        let long = String(repeating: "abcdefgh", count: 5) + "\"" + String(repeating: "业主", count: 9) + "\n\u{2028}"
        let written = Self.text { $0.string(long) }
        #expect(written == "\"" + String(repeating: "abcdefgh", count: 5) + "\\\"" + String(repeating: "业主", count: 9) + "\\n\\u2028\"")
    }

    /// Every special byte at every position of strings of 1 to 24 bytes, one or two of them,
    /// written as a character-by-character escaper would: the word-at-a-time scan reads the last
    /// bytes of a string as one word overlapping the bytes before them, and must neither miss a
    /// special byte there nor find one it already passed.
    @Test func specialBytesAreEscapedWhereverTheyFall() {
        func reference(_ text: String, escapingHTML: Bool) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\u{2028}": out += "\\u2028"
                case "<" where escapingHTML: out += "\\u003c"
                case "&" where escapingHTML: out += "\\u0026"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let specials = ["\"", "\\", "\n", "\u{2028}", "<", "&", "—"]
        for length in 1...24 {
            let plain = Array(repeating: "a", count: length)
            for escapingHTML in [false, true] {
                for first in 0..<length {
                    for special in specials {
                        for second in [nil, length - 1, (first + 3) % length] as [Int?] {
                            var characters = plain
                            characters[first] = special
                            if let second, second != first { characters[second] = specials[(second + length) % specials.count] }
                            let text = characters.joined()
                            let written = Self.text({ $0.string(text) }, escapingHTML: escapingHTML)
                            #expect(written == reference(text, escapingHTML: escapingHTML), "\(text.debugDescription) html \(escapingHTML)")
                        }
                    }
                }
            }
        }
    }

    /// Strings and member names of every short length (copied as overlapping words up to 16
    /// bytes, by memcpy beyond) come out whole, byte for byte.
    @Test func shortStringsAndNamesAreCopiedWhole() throws {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        for length in 0...40 {
            let text = String(decoding: (0..<length).map { alphabet[($0 * 7 + length) % alphabet.count] }, as: UTF8.self)
            #expect(Self.text { $0.string(text) } == "\"" + text + "\"", "\(length)")
            #expect(Self.text { $0.string("中" + text) } == "\"中" + text + "\"", "\(length)")
        }
        let written = Self.text { writer in
            writer.beginObject()
            writer.member("", 0)
            writer.member("a", 1)
            writer.member("ab", 2)
            writer.member("abc", 3)
            writer.member("abcd", 4)
            writer.member("abcdefg", 7)
            writer.member("abcdefgh", 8)
            writer.member("abcdefghijklmno", 15)
            writer.member("abcdefghijklmnop", 16)
            writer.member("abcdefghijklmnopq", 17)
            writer.member("名称", 6)
            writer.endObject()
        }
        #expect(
            written
                == #"{"":0,"a":1,"ab":2,"abc":3,"abcd":4,"abcdefg":7,"abcdefgh":8,"abcdefghijklmno":15,"abcdefghijklmnop":16,"abcdefghijklmnopq":17,"名称":6}"#
        )
    }

    @Test func keysAreEscapedToo() throws {
        let written = Self.text { writer in
            writer.beginObject()
            writer.member("plain", 1)
            writer.member(named: "quo\"te\n", 2)
            writer.member(named: "业主", 3)
            writer.endObject()
        }
        #expect(written == #"{"plain":1,"quo\"te\n":2,"业主":3}"#)
        #expect(try JSONValue(parsing: written)["quo\"te\n"] == 2)
    }

    @Test func integersAtTheirExtremes() {
        let written = Self.text { writer in
            writer.beginArray()
            writer.integer(Int64.min)
            writer.integer(Int64.max)
            writer.integer(UInt64.max)
            writer.integer(0)
            writer.integer(-7)
            writer.integer(Int(100))
            writer.endArray()
        }
        #expect(written == "[-9223372036854775808,9223372036854775807,18446744073709551615,0,-7,100]")
    }

    /// Every length of number, either side of each power of ten, signed and not, as Swift
    /// writes it (the writer counts digits first and writes them in place from the last).
    @Test func integersOfEveryLengthMatchTheirDescription() {
        var values: [Int64] = [0, 1, -1, 5, -5]
        var power: Int64 = 10
        while true {
            values += [power - 1, power, power + 1, -(power - 1), -power, -(power + 1), power / 2 + 7]
            let (next, overflow) = power.multipliedReportingOverflow(by: 10)
            if overflow { break }
            power = next
        }
        for value in values {
            #expect(Self.text { $0.integer(value) } == String(value), "\(value)")
            #expect(Self.text { $0.integer(Int(value)) } == String(value), "\(value)")
            if value >= 0 { #expect(Self.text { $0.integer(UInt64(value) * 2 + 1) } == String(UInt64(value) * 2 + 1)) }
        }
    }

    /// Decision: JSON has no NaN or infinity, so non-finite doubles are written as null.
    @Test func nonFiniteDoublesBecomeNull() throws {
        let written = Self.text { writer in
            writer.beginArray()
            for value in [Double.nan, .infinity, -.infinity, 1.5] { writer.double(value) }
            writer.endArray()
        }
        #expect(written == "[null,null,null,1.5]")
        #expect(try JSONValue(parsing: written) == [nil, nil, nil, 1.5])
    }

    @Test func doublesReadBackBitForBit() throws {
        var random = SeededRandom(seed: 7)
        var values: [Double] = [
            0, -0.0, 0.1, 1e22, 1e23, 5e-324, .greatestFiniteMagnitude, -.leastNormalMagnitude,
            0.30000000000000004, 123456.789, 1e-7, 9007199254740993,
        ]
        for _ in 0..<2000 {
            let value = Double(bitPattern: random.next())
            if value.isFinite { values.append(value) }
        }
        let bytes = JSONWriter.encode(values)
        let read = try JSONReader.decode([Double].self, from: bytes)
        #expect(read.count == values.count)
        for (written, back) in zip(values, read) {
            #expect(written.bitPattern == back.bitPattern, "\(written) came back as \(back)")
        }
    }

    @Test func commasAndColonsComeFromTheStructure() {
        let written = Self.text { writer in
            writer.beginObject()
            writer.member("a", [1, 2])
            writer.memberObject("b") { writer in
                writer.memberNull("n")
                writer.member("s", Optional<String>.none)
                writer.memberIfPresent("omitted", Optional<Int>.none)
                writer.memberIfPresent("present", Optional<Int64>.some(3))
            }
            writer.memberArray("c") { writer in
                writer.object { _ in }
                writer.array { writer in writer.bool(true) }
                writer.rawValue(Array(#"{"raw":[1]}"#.utf8))
            }
            writer.memberRaw("d", Array("[]".utf8))
            writer.member("e", 2.5)
            writer.member("f", false)
            writer.member("g", UInt64(9))
            writer.endObject()
        }
        #expect(written == #"{"a":[1,2],"b":{"n":null,"s":null,"present":3},"c":[{},[true],{"raw":[1]}],"d":[],"e":2.5,"f":false,"g":9}"#)
    }

    /// A string filled in place takes its place in the structure like any other, also when it
    /// makes the buffer grow (a writer that starts with 16 bytes).
    @Test func verbatimStringsAreQuotedAndSeparated() {
        var writer = JSONWriter(capacity: 1)
        writer.beginArray()
        for digit in 0..<6 {
            writer.verbatimString(count: digit) { out in
                for i in 0..<digit { out[i] = UInt8(ascii: "0") + UInt8(i) }
            }
        }
        writer.beginObject()
        writer.key("at")
        writer.verbatimString(count: 4) { $0.update(from: Array("12:3".utf8), count: 4) }
        writer.endObject()
        writer.endArray()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"["","0","01","012","0123","01234",{"at":"12:3"}]"#)
    }

    @Test func documentsCanFollowEachOtherAsJSONLines() {
        var writer = JSONWriter()
        writer.object { $0.member("seq", 1) }
        writer.newline()
        writer.object { $0.member("seq", 2) }
        writer.newline()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "{\"seq\":1}\n{\"seq\":2}\n")
        writer.removeAll()
        writer.integer(5)
        #expect(writer.bytes == Array("5".utf8))
    }

    @Test func aCopiedWriterKeepsItsOwnBytes() {
        var first = JSONWriter(capacity: 4)
        first.beginArray()
        first.string("shared")
        var second = first
        second.string("only in the second, long enough to grow the buffer past its capacity")
        second.endArray()
        first.endArray()
        #expect(String(decoding: first.bytes, as: UTF8.self) == #"["shared"]"#)
        #expect(second.count == second.bytes.count)
        #expect(second.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }.hasSuffix(#"capacity"]"#))
    }

    @Test func dictionariesAreWrittenWithSortedNames() {
        let written = String(decoding: JSONWriter.encode(["b": 2, "a": 1, "业": 3]), as: UTF8.self)
        #expect(written == #"{"a":1,"b":2,"业":3}"#)
    }
}
