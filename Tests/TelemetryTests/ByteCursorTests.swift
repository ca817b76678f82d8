import Testing

@testable import Telemetry

/// Lines composed with a cursor (response heads, access-log lines) must read exactly as the
/// array-appending writer's: same digits, same JSON escapes, nothing lost when a line outgrows
/// the scratch memory.
struct ByteCursorTests {
    private func composed(bound: Int, scratch: ByteScratch = ByteScratch(), _ body: (inout ByteCursor) -> Void) -> [UInt8] {
        var out: [UInt8] = Array("kept|".utf8)
        scratch.compose(bound: bound, into: &out, body)
        return out
    }

    @Test func decimalsMatchTheArrayWriter() {
        let signed: [Int] = [0, 7, 9, 10, 99, 100, 1_000_000, -1, -10, Int.max, Int.min]
        let unsigned: [UInt64] = [0, 1, 9, 10, 18_446_744_073_709_551_615, 1 << 63]
        for value in signed {
            var expected: [UInt8] = Array("kept|".utf8)
            JSONText.appendInteger(value, to: &expected)
            #expect(composed(bound: 21) { $0.writeDecimal(value) } == expected, "\(value)")
        }
        for value in unsigned {
            var expected: [UInt8] = Array("kept|".utf8)
            JSONText.appendInteger(value, to: &expected)
            #expect(composed(bound: 20) { $0.writeDecimal(value) } == expected, "\(value)")
        }
    }

    @Test func jsonStringsAreEscapedLikeTheArrayWriter() {
        let samples = [
            "", "plain", "业主 \"quoted\" \\ \n\t\r\u{01}\u{1F}", "/v1/complaints?q=%E4%B8%9A", String(repeating: "\u{00}", count: 40),
            "emoji 🏠 and é", String(repeating: "长", count: 3000),
        ]
        for text in samples {
            var expected: [UInt8] = Array("kept|".utf8)
            JSONText.appendString(text, to: &expected)
            let bound = ByteCursor.jsonStringBound(utf8Count: text.utf8.count)
            let written = composed(bound: bound) { $0.writeJSONString(text) }
            #expect(written == expected, "\(text.prefix(20))")
            #expect(written.count - 5 <= bound)
        }
    }

    @Test func literalsStringsAndBytesAreCopiedVerbatim() {
        let scratch = ByteScratch(capacity: 16)
        let long = String(repeating: "x", count: 10_000)
        let written = composed(bound: 10_100, scratch: scratch) { line in
            line.write("HTTP/1.1 ")
            line.write(utf8: long)
            line.write(UInt8(ascii: "|"))
            line.write([1, 2, 3])
            line.write(utf8: "短")
        }
        #expect(written == Array("kept|HTTP/1.1 \(long)|".utf8) + [1, 2, 3] + Array("短".utf8))
        // The scratch grew for the long line and still serves a short one afterwards.
        #expect(composed(bound: 8, scratch: scratch) { $0.write("ok") } == Array("kept|ok".utf8))
    }
}
