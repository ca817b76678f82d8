import Foundation
import Testing

@testable import Telemetry

/// The timestamp writer is total: every Int64 and every Double gives an RFC 3339 string, never a trap.
@Suite("Timestamps")
struct TimestampTests {
    /// The strict shape every written instant has.
    static func isRFC3339(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count == 24 else { return false }
        for (i, c) in b.enumerated() {
            switch i {
            case 4, 7: if c != UInt8(ascii: "-") { return false }
            case 10: if c != UInt8(ascii: "T") { return false }
            case 13, 16: if c != UInt8(ascii: ":") { return false }
            case 19: if c != UInt8(ascii: ".") { return false }
            case 23: if c != UInt8(ascii: "Z") { return false }
            default: if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) { return false }
            }
        }
        return true
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (-500, "1969-12-31T23:59:59.500Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (-86_400_001, "1969-12-30T23:59:59.999Z"),
        (-62_167_219_200_000, "0000-01-01T00:00:00.000Z"),
        (-62_135_596_800_000, "0001-01-01T00:00:00.000Z"),
        (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (1_795_363_003_796, "2026-11-22T15:56:43.796Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
    ])
    func writesYearsZeroToNineThousandNineHundredNinetyNineExactly(ms: Int64, expected: String) {
        #expect(Timestamp.iso8601(millisecondsSinceEpoch: ms) == expected)
        var quoted: [UInt8] = []
        Timestamp.appendISO8601(millisecondsSinceEpoch: ms, to: &quoted)
        #expect(String(decoding: quoted, as: UTF8.self) == "\"\(expected)\"")
    }

    @Test func instantsBeyondFourDigitYearsAreClampedToTheNearerEnd() {
        #expect(Timestamp.iso8601(millisecondsSinceEpoch: 253_402_300_800_000) == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp.iso8601(millisecondsSinceEpoch: .max) == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp.iso8601(millisecondsSinceEpoch: -62_167_219_200_001) == "0000-01-01T00:00:00.000Z")
        #expect(Timestamp.iso8601(millisecondsSinceEpoch: .min) == "0000-01-01T00:00:00.000Z")
    }

    @Test func everyDayOfTheRangeMatchesFoundationsCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // A day every 97 days from 1583 (Foundation's calendar is Julian before October 1582) to 9999.
        var day: Int64 = -141_427
        while day < 2_932_896 {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let (year, month, dayOfMonth) = Timestamp.civil(fromDays: day)
            #expect(Int(year) == parts.year && month == parts.month && dayOfMonth == parts.day, "day \(day)")
            #expect(Timestamp.days(fromYear: year, month: month, day: dayOfMonth) == day)
            day += 97
        }
    }

    @Test func anyMillisecondValueWritesTheStrictShape() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let ms = Int64.random(in: .min ... .max, using: &generator) >> Int64.random(in: 0...63, using: &generator)
            #expect(Self.isRFC3339(Timestamp.iso8601(millisecondsSinceEpoch: ms)), "\(ms)")
        }
    }

    @Test(arguments: [
        (Double.nan, Int64(0)), (.infinity, .max), (-.infinity, .min), (1e300, .max), (-1e300, .min),
        (-0.5, -500), (-0.0004, 0), (1.0005, 1001), (9.3e15, .max), (-9.3e15, .min),
    ])
    func secondsBecomeMillisecondsWithoutTrapping(seconds: Double, expected: Int64) {
        #expect(Timestamp.milliseconds(fromSeconds: seconds) == expected)
    }
}
