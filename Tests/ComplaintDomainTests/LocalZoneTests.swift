import Foundation
import Testing

@testable import ComplaintDomain

// `LocalZone` answers by arithmetic where the zone's offset is fixed, and must give exactly what
// `Calendar` gave before: the same-day reply limit and the id's month are in the event log, so a
// different answer would change what the service writes. Each test compares with the calendar
// over many seeded random instants, the local midnights and the zone's last offset change.

@Suite("Local days and months of the policy zone")
struct LocalZoneTests {
    /// Zones with history (Shanghai's DST until 1991, India's and Japan's wartime changes, Samoa's
    /// skipped day in 2011 and DST until 2021), one with DST still in force, fixed offsets.
    static let zones: [TimeZone] = [
        TimeZone(identifier: "Asia/Shanghai")!, TimeZone(identifier: "UTC")!, TimeZone(identifier: "Asia/Kolkata")!,
        TimeZone(identifier: "Asia/Tokyo")!, TimeZone(identifier: "Pacific/Apia")!, TimeZone(identifier: "Europe/Berlin")!,
        TimeZone(identifier: "America/New_York")!, TimeZone(secondsFromGMT: 8 * 3600)!, TimeZone(secondsFromGMT: -(3 * 3600 + 1800))!,
    ]

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// What `endOfLocalDay` computed before: the calendar's start of the day, plus one day.
    static func calendarEndOfDay(_ date: Date, _ calendar: Calendar) -> Date {
        let start = calendar.startOfDay(for: date)
        return calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
    }

    /// Seeded instants (so a failure repeats): random ones from 1875 to 2100 with milliseconds,
    /// and each side of the local midnights and of the zone's offset changes after 1980.
    static func instants(_ zone: TimeZone, count: Int, seed: UInt64) -> [Date] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var dates: [Date] = []
        for _ in 0..<count {
            let seconds = -3_000_000_000 + Int64(next() % 7_100_000_000)
            dates.append(Date(timeIntervalSince1970: Double(seconds) + Double(next() % 1000) / 1000))
        }
        let calendar = calendar(zone)
        for _ in 0..<count / 10 {
            let day = calendar.startOfDay(for: Date(timeIntervalSince1970: Double(Int64(next() % 4_200_000_000))))
            for delta: TimeInterval in [-86_400, -1, -0.001, -0.000_001, 0, 0.000_001, 0.001, 1, 43_200] {
                dates.append(day.addingTimeInterval(delta))
            }
        }
        var cursor = Date(timeIntervalSince1970: 315_532_800)  // 1980
        var transitions = 0
        while transitions < 40, let change = zone.nextDaylightSavingTimeTransition(after: cursor), change.timeIntervalSince1970 < 4e9 {
            for delta in Self.aroundChanges {
                dates.append(change.addingTimeInterval(delta))
            }
            cursor = change
            transitions += 1
        }
        return dates
    }

    /// Seconds from an offset change to the instants checked around it (the fast path starts two days after).
    static let aroundChanges: [TimeInterval] = [-259_200, -86_400, -1, 0, 1, 86_400, 172_799, 172_800, 172_801, 259_200]

    @Test(arguments: zones)
    func endOfDayIsTheCalendarsStartOfTheNextDay(zone: TimeZone) {
        let calendar = Self.calendar(zone)
        let local = LocalZone(calendar: calendar)
        var mismatches: [String] = []
        for date in Self.instants(zone, count: 20_000, seed: 0xC10C) {
            let expected = Self.calendarEndOfDay(date, calendar)
            let got = local.endOfDay(date)
            if got != expected {
                mismatches.append("\(date.timeIntervalSince1970): \(got.timeIntervalSince1970) ≠ \(expected.timeIntervalSince1970)")
            }
        }
        #expect(mismatches.isEmpty, "\(zone.identifier): \(mismatches.prefix(5))")
    }

    @Test(arguments: zones)
    func offsetsAreTheZonesOwn(zone: TimeZone) {
        let local = LocalZone(calendar: Self.calendar(zone))
        var mismatches: [Double] = []
        for date in Self.instants(zone, count: 20_000, seed: 0x0FF5) {
            let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
            if local.secondsFromGMT(for: date) != zone.secondsFromGMT(for: date)
                || local.secondsFromGMT(forSeconds: seconds) != zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
            {
                mismatches.append(date.timeIntervalSince1970)
            }
        }
        #expect(mismatches.isEmpty, "\(zone.identifier): \(mismatches.prefix(5))")
    }

    /// The month an id names is the calendar's month of receipt, and `slot(of:)` accepts exactly
    /// that id: around month ends, before 1970 and at random.
    @Test func idMonthIsTheCalendarsMonthOfReceipt() {
        let policy = WorkflowPolicy()
        let book = ComplaintBook(policy: policy)
        let calendar = policy.calendar
        var checked = 0
        for date in Self.instants(calendar.timeZone, count: 20_000, seed: 0x1D5) {
            let millis = Milliseconds.of(date)
            let received = Milliseconds.date(millis)
            let parts = calendar.dateComponents([.year, .month], from: received)
            let id = book.makeID(sequence: 42, receivedAt: received)
            #expect(id == String(format: "C%02d%02d-000042", ((parts.year! % 100) + 100) % 100, parts.month!), "\(millis)")
            let record = Self.record(receivedAt: millis)
            #expect(book.matches(id, record), "\(id) at \(millis)")
            // The neighbouring months' ids are not this complaint's.
            let yymm = Int(id.dropFirst().prefix(4))!
            for other in [yymm % 100 == 1 ? yymm - 89 : yymm - 1, yymm % 100 == 12 ? yymm + 89 : yymm + 1] {
                #expect(!book.matches(String(format: "C%04d-000042", (other + 10_000) % 10_000), record))
            }
            checked += 1
        }
        #expect(checked >= 20_000)
    }

    /// The sequence is written with at least six digits, and all of them when it has more.
    @Test func idSequencesArePaddedToSixDigits() {
        let book = ComplaintBook(policy: WorkflowPolicy())
        let received = Date(timeIntervalSince1970: 1_790_000_000)
        let prefix = String(book.makeID(sequence: 1, receivedAt: received).prefix(6))
        let cases = [0: "000000", 1: "000001", 42: "000042", 999_999: "999999", 1_000_000: "1000000", 123_456_789: "123456789"]
        for (sequence, digits) in cases {
            let id = book.makeID(sequence: sequence, receivedAt: received)
            #expect(id == prefix + digits)
            #expect(ComplaintBook.sequence(inID: id) == sequence)
        }
        #expect(book.makeID(sequence: Int(Int32.max), receivedAt: received) == prefix + "2147483647")
    }

    /// An id that does not start with "C", four digits and a hyphen names no complaint, whatever
    /// its sequence; the same id as a bridged string is judged the same.
    @Test func anIdWithoutItsMonthPrefixMatchesNothing() {
        let book = ComplaintBook(policy: WorkflowPolicy())
        let millis = Milliseconds.of(Date(timeIntervalSince1970: 1_790_000_000))
        let record = Self.record(receivedAt: millis)
        let id = book.makeID(sequence: 42, receivedAt: Milliseconds.date(millis))
        #expect(book.matches(id, record))
        #expect(book.matches(NSString(string: id) as String, record))
        let yymm = String(id.dropFirst().prefix(4))
        let malformed = [
            "c\(yymm)-000042", "C\(yymm.prefix(3))-1-000042", "C\(yymm)x000042",
            "C\(yymm.prefix(2))a\(yymm.suffix(1))-000042", "C\(yymm)", "C", "",
        ]
        for bad in malformed {
            #expect(!book.matches(bad, record), "\(bad)")
            #expect(!book.matches(NSString(string: bad) as String, record), "bridged \(bad)")
        }
    }

    /// The number after an id's last hyphen: one to nine digits, nothing else after it.
    @Test func sequenceIsTheNumberAfterTheLastHyphen() {
        let cases: [(String, Int?)] = [
            ("C2611-000123", 123), ("C2611-123456789", 123_456_789), ("C2611-1234567890", nil), ("C2611-", nil),
            ("C2611-00a123", nil), ("C26-11-000042", 42), ("-7", 7), ("7", nil), ("", nil), ("C2611-12 ", nil),
            ("长长的前缀-000042", 42), ("C2611-０１", nil),
        ]
        for (id, expected) in cases { #expect(ComplaintBook.sequence(inID: id) == expected, "\(id)") }
        // A bridged (non-contiguous) string takes the other path to the same answer.
        let bridged = NSString(string: "C2611-000777") as String
        #expect(ComplaintBook.sequence(inID: bridged) == 777)
    }

    static func record(receivedAt: Int64) -> CompactComplaint {
        CompactComplaint(
            sequence: 42, version: 1, receivedAt: receivedAt, updatedAt: receivedAt, trackingHigh: 0, trackingLow: 0, phoneHash: 0,
            estate: 0, building: 0, unit: 0, ownerName: 0, handler: 0, dispatchSeconds: 0, resolveSeconds: 0, clocks: 0, reportFlags: 0,
            flags: 0, phoneTail: 0, status: 0, severity: 0, category: 0, department: 0, channel: 0, nature: 0, reachedVisits: 0,
            satisfiedVisits: 0)
    }

    /// A resolution late in the local evening is due by local midnight, one just after midnight
    /// by the next one: the same-day reply limit in the book's decisions.
    @Test func sameDayReplyLimitIsLocalMidnight() {
        let book = ComplaintBook(policy: WorkflowPolicy())
        // 2026-11-22 23:59:59.999 and 2026-11-23 00:00:00 in Beijing (UTC+8).
        let lateEvening = Date(timeIntervalSince1970: 1_795_363_199.999)
        let midnight = Date(timeIntervalSince1970: 1_795_363_200)
        #expect(book.endOfLocalDay(lateEvening) == midnight)
        #expect(book.endOfLocalDay(midnight) == midnight.addingTimeInterval(86_400))
    }
}
