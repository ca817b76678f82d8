// What a line's fields may hold, byte by byte: the scanner reads numbers, names and the checksum
// several bytes at a time, and must accept exactly what one byte at a time did.

import Testing

@testable import EventStore

@Suite struct RecordFormatFieldTests {
    /// A line (without its newline) with these fields as text and a correct checksum of `{}`.
    private func line(seq: String = "7", ts: String = "1", type: [UInt8] = Array("t".utf8), prev: String? = nil) -> [UInt8] {
        let crc = String(CRC32C.checksum(Array("{}".utf8)), radix: 16)
        let checksum = String(repeating: "0", count: 8 - crc.count) + crc
        let previous = prev.map { #"","prev":[\#($0)],"crc32c":""# } ?? #"","crc32c":""#
        return Array(#"{"seq":\#(seq),"ts":\#(ts),"type":""#.utf8) + type
            + Array(#"","stream":"S-1\#(previous)\#(checksum)","data":{}}"#.utf8)
    }

    private func parse(_ line: [UInt8]) -> RecordFormat.ParsedLine? {
        guard case .record(let parsed) = line.withUnsafeBytes({ RecordFormat.parse($0) }) else { return nil }
        return parsed
    }

    private static let nameBytes = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-".utf8)

    @Test func aNameTakesExactlyItsCharacterSetAtEveryPosition() {
        // Positions inside and across 8-byte words, and in the last bytes of a short name.
        for (length, positions) in [(30, [0, 7, 8, 9, 15, 16, 29]), (3, [0, 1, 2])] {
            for position in positions {
                for byte in UInt8.min...UInt8.max {
                    var type = Array(repeating: UInt8(ascii: "a"), count: length)
                    type[position] = byte
                    let parsed = parse(line(type: type))
                    #expect((parsed != nil) == Self.nameBytes.contains(byte), "byte \(byte) at \(position) of \(length)")
                    if let parsed { #expect(parsed.type.count == length) }
                }
            }
        }
    }

    @Test func aNameIsOneTo128Bytes() {
        #expect(parse(line(type: [])) == nil)
        #expect(parse(line(type: Array(repeating: UInt8(ascii: "x"), count: 128)))?.type.count == 128)
        #expect(parse(line(type: Array(repeating: UInt8(ascii: "x"), count: 129))) == nil)
    }

    @Test(
        arguments: [
            ("0", 0), ("42", 42), ("12345678", 12_345_678), ("123456789", 123_456_789),
            ("9999999999999999999", 9_999_999_999_999_999_999), ("18446744073709551615", UInt64.max),
            // Leading zeros were always accepted, past 20 digits too.
            ("0000000000000000000000042", 42), ("000018446744073709551615", UInt64.max),
        ] as [(String, UInt64)])
    func aSequenceOfUpTo20DigitsParses(_ text: String, _ value: UInt64) {
        #expect(parse(line(seq: text))?.sequence == value)
        #expect(parse(line(prev: "1,\(text),9"))?.previous?.offset == value)
    }

    @Test(arguments: ["", "-1", "18446744073709551616", "99999999999999999999", "100000000000000000000", "1a", "+1"])
    func aSequenceOutOfRangeOrNotDigitsIsRefused(_ text: String) {
        #expect(parse(line(seq: text)) == nil)
        #expect(parse(line(prev: "1,\(text),9")) == nil)
    }

    @Test func aTimestampIsASignedSixtyFourBitNumber() {
        #expect(parse(line(ts: "1701706809000"))?.timestampMillis == 1_701_706_809_000)
        #expect(parse(line(ts: "-5"))?.timestampMillis == -5)
        #expect(parse(line(ts: "9223372036854775807"))?.timestampMillis == Int64.max)
        #expect(parse(line(ts: "-9223372036854775807"))?.timestampMillis == -Int64.max)
        #expect(parse(line(ts: "9223372036854775808")) == nil)
        #expect(parse(line(ts: "-")) == nil)
    }

    @Test func aChecksumIsEightLowercaseHexDigits() {
        for position in 0..<8 {
            for byte in UInt8.min...UInt8.max {
                var text = Array("0123abcd".utf8)
                text[position] = byte
                let value: UInt32? = (text + Array(#"",""#.utf8)).withUnsafeBytes {
                    var scanner = ByteScanner($0)
                    return scanner.hex32()
                }
                let isDigit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                #expect(value == (isDigit ? UInt32(String(decoding: text, as: UTF8.self), radix: 16) : nil), "byte \(byte) at \(position)")
            }
        }
        // The same checksum in capitals is refused (the checksum of {} is 297bd0aa).
        let good = line()
        let crcStart = good.count - #"xxxxxxxx","data":{}}"#.utf8.count
        var capitals = good
        for index in crcStart..<crcStart + 8 where (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(good[index]) { capitals[index] -= 0x20 }
        #expect(String(decoding: good[crcStart..<crcStart + 8], as: UTF8.self) == "297bd0aa")
        #expect(parse(good) != nil)
        #expect(parse(capitals) == nil)
    }
}
