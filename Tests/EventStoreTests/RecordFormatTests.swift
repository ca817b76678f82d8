// The line format and its checksum, as byte fixtures.

import Foundation
import Testing

@testable import EventStore

@Suite struct RecordFormatTests {
    @Test func crc32cMatchesPublishedVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([]) == 0)
        // RFC 3720 (iSCSI) B.4 vectors.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).map { UInt8(31 - $0) }) == 0x113F_DB5C)
    }

    @Test func crc32cSliceBy8AgreesWithBytewiseAtEveryLengthAndAlignment() {
        let data = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        for start in 0..<9 {
            for end in stride(from: start, through: data.count, by: 13) {
                let slice = Array(data[start..<end])
                var crc: UInt32 = 0xFFFF_FFFF
                for byte in slice {
                    crc ^= UInt32(byte)
                    for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
                }
                #expect(CRC32C.checksum(slice) == crc ^ 0xFFFF_FFFF)
                // The tables agree too (the CPU's instruction, where present, serves `checksum`).
                #expect(slice.withUnsafeBytes { CRC32C.softwareChecksum($0) } == crc ^ 0xFFFF_FFFF)
            }
        }
    }

    /// The instruction's path cuts a buffer into three blocks of 512 bytes, then of 64, each on
    /// its own chain, and joins them: every length around those cuts, at every alignment and
    /// from any earlier checksum, gives the tables' checksum.
    @Test func crc32cOnThreeChainsAgreesWithTheTablesAcrossEveryCut() {
        var generator = SystemRandomNumberGenerator()
        let data = (0..<3_700).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let lengths = Array(0...400) + Array(stride(from: 1_500, through: 1_800, by: 1)) + [3_072, 3_263, 3_264, 3_600]
        data.withUnsafeBytes { bytes in
            for start in 0..<8 {
                for length in lengths {
                    let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)])
                    let previous = UInt32(truncatingIfNeeded: length &* 2_654_435_761)
                    #expect(
                        CRC32C.checksum(slice, continuing: previous) == CRC32C.softwareChecksum(slice, continuing: previous),
                        "length \(length) at \(start)")
                }
            }
        }
    }

    @Test func crc32cExtendsAndCombinesLikeOneChecksumOfTheWhole() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 7, 8, 100, 4096, 70_001] {
            let whole = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for cut in Set([0, length / 3, length]) {
                let head = Array(whole[..<cut])
                let tail = Array(whole[cut...])
                #expect(CRC32C.checksum(tail, continuing: CRC32C.checksum(head)) == CRC32C.checksum(whole), "\(length)/\(cut)")
                #expect(
                    CRC32C.combine(CRC32C.checksum(head), CRC32C.checksum(tail), secondLength: UInt64(tail.count))
                        == CRC32C.checksum(whole), "\(length)/\(cut)")
            }
        }
    }

    @Test func encodesTheDocumentedLine() {
        var buffer: [UInt8] = []
        let payload = Array(#"{"a":1}"#.utf8)
        let length = RecordFormat.encode(
            sequence: 42, timestampMillis: 1_763_800_000_123,
            record: NewRecord(type: "complaint.registered", stream: "C2611-000001", payload: payload), into: &buffer)
        let crc = String(CRC32C.checksum(payload), radix: 16)
        let expected =
            #"{"seq":42,"ts":1763800000123,"type":"complaint.registered","stream":"C2611-000001","crc32c":"\#(String(repeating: "0", count: 8 - crc.count) + crc)","data":{"a":1}}"#
            + "\n"
        #expect(String(decoding: buffer, as: UTF8.self) == expected)
        #expect(length == buffer.count)
        // Every line is plain JSON (what jq sees).
        let object = try? JSONSerialization.jsonObject(with: Data(buffer)) as? [String: Any]
        #expect(object?["seq"] as? Int == 42)
        #expect((object?["data"] as? [String: Any])?["a"] as? Int == 1)
    }

    @Test func parseRoundTripsAndRejectsDamage() throws {
        var buffer: [UInt8] = []
        RecordFormat.encode(sequence: 7, timestampMillis: -5, record: record(7), into: &buffer)
        let line = Array(buffer.dropLast())
        guard case .record(let parsed) = line.withUnsafeBytes({ RecordFormat.parse($0) }) else {
            Issue.record("did not parse")
            return
        }
        #expect(parsed.sequence == 7)
        #expect(parsed.timestampMillis == -5)
        #expect(Array(line[parsed.payload]) == record(7).payload)
        #expect(String(decoding: line[parsed.type], as: UTF8.self) == "thing.happened")

        // The checksum covers the data: a flip anywhere in it (or in the checksum) is caught.
        // (seq damage is caught by the sequence check in recovery; type/stream are not covered.)
        for index in (parsed.payload.lowerBound - 17)..<line.count {
            var damaged = line
            damaged[index] ^= 0x01
            if case .record = damaged.withUnsafeBytes({ RecordFormat.parse($0) }) {
                Issue.record("flip of byte \(index) went unnoticed")
            }
        }
        // Every proper prefix is rejected.
        for end in 0..<line.count {
            let prefix = Array(line[..<end])
            if case .record = prefix.withUnsafeBytes({ RecordFormat.parse($0) }) {
                Issue.record("prefix of length \(end) parsed")
            }
        }
    }

    @Test(arguments: [
        NewRecord(type: "", stream: "s", payload: Array("{}".utf8)),
        NewRecord(type: "has space", stream: "s", payload: Array("{}".utf8)),
        NewRecord(type: "t", stream: "quote\"", payload: Array("{}".utf8)),
        NewRecord(type: "t", stream: String(repeating: "x", count: 129), payload: Array("{}".utf8)),
        NewRecord(type: "t", stream: "s", payload: Array("[1]".utf8)),
        NewRecord(type: "t", stream: "s", payload: Array("{\"a\":\n1}".utf8)),
        NewRecord(type: "t", stream: "s", payload: Array("{\"a\":\r1}".utf8)),
        NewRecord(type: "t", stream: "s", payload: []),
    ])
    func validationRejects(_ bad: NewRecord) {
        #expect(RecordFormat.problem(with: bad) != nil)
    }

    @Test func validationAcceptsTheSafeCharset() {
        let good = NewRecord(type: "a.B_c:d-9", stream: String(repeating: "x", count: 128), payload: Array("{}".utf8))
        #expect(RecordFormat.problem(with: good) == nil)
    }
}
