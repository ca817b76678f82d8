import ComplaintDomain
import Foundation
import Telemetry
import Testing

@testable import ComplaintService

/// Our RFC 3339 reader: strict about the shape, total on any input, exact to the millisecond.
@Suite("RFC 3339 dates and query parsing")
struct RFC3339Tests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("1970-01-01t00:00:00z", 0),
        ("2026-11-22T15:56:43.796Z", 1_795_363_003_796),
        ("2026-11-22T23:56:43.796+08:00", 1_795_363_003_796),
        ("2026-11-22T15:56:43.7969999999999999999999Z", 1_795_363_003_796),
        ("2026-11-22T15:56:43.7Z", 1_795_363_003_700),
        ("2026-11-22T15:56:43-00:00", 1_795_363_003_000),
        ("2026-11-23T05:56:43+14:00", 1_795_363_003_000),
        ("2026-11-22T03:56:43-12:00", 1_795_363_003_000),
        ("2026-11-22T16:55:43+00:59", 1_795_363_003_000),
        ("2026-11-23T15:55:43+23:59", 1_795_363_003_000),
        ("2016-12-31T23:59:60Z", 1_483_228_800_000),
        ("0000-01-01T00:00:00Z", -62_167_219_200_000),
        ("1969-12-31T23:59:59.5Z", -500),
        ("9999-12-31T23:59:59.999Z", 253_402_300_799_999),
        ("2000-02-29T00:00:00Z", 951_782_400_000),
    ])
    func readsWhatRFC3339Allows(text: String, milliseconds: Int64) {
        #expect(RFC3339.milliseconds(text) == milliseconds)
    }

    @Test(arguments: [
        "", "2026", "2026-11-22", "2026-11-22T15:56Z", "2026-11-22 15:56:43Z", "2026-11-22T15:56:43", "2026-11-22T15:56:43+08",
        "2026-11-22T15:56:43+0800", "2026-11-22T15:56:43+24:00", "2026-11-22T15:56:43+08:60", "2026-11-22T24:00:00Z",
        "2026-11-22T15:60:00Z", "2026-11-22T15:56:61Z", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
        "2026-11-00T00:00:00Z", "2026-11-31T00:00:00Z", "10000-01-01T00:00:00Z", "+2026-11-22T15:56:43Z", "-0001-01-01T00:00:00Z",
        "2026-11-22T15:56:43.Z", "2026-11-22T15:56:43,5Z", "2026-11-22T15:56:43ZZ", "2026-11-22T15:56:43Z ", " 2026-11-22T15:56:43Z",
        "２０２６-11-22T15:56:43Z", "2026-1-22T15:56:43Z", "2026-11-22T1:56:43Z", "2026-11-22X15:56:43Z", "2026-11-22T15:56:43UTC",
    ])
    func refusesEverythingElse(text: String) {
        #expect(RFC3339.milliseconds(text) == nil, "\(text)")
    }

    @Test func formatThenParseGivesTheSameInstant() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let ms = Int64.random(in: Timestamp.earliestWritableMilliseconds...Timestamp.latestWritableMilliseconds, using: &generator)
            let text = Timestamp.iso8601(millisecondsSinceEpoch: ms)
            #expect(RFC3339.milliseconds(text) == ms, "\(ms) → \(text)")
        }
    }

    @Test func plainDatesAreRealCalendarDays() {
        #expect(RFC3339.civilDate("2024-02-29") == .init(year: 2024, month: 2, day: 29))
        #expect(RFC3339.civilDate("2100-02-29") == nil)
        #expect(RFC3339.civilDate("2026-11-22T00:00:00Z") == nil)
        #expect(RFC3339.civilDate("2026-11-2") == nil)
    }

    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let now = Date(timeIntervalSince1970: 1_795_363_003)

    @Test func theComplaintListQueryReadsEveryFilter() throws {
        let q = try #require(
            QueryReader(
                query:
                    "status=dispatched&overdue=true&received_from=2026-12-01&received_to=2026-12-02T00:00:00%2B08:00&limit=7&q=%E6%BC%8F%E6%B0%B4&cursor=s1z"
            ))
        let query = try QueryParsing.complaintQuery(q, zone: Self.shanghai, now: Self.now).get()
        #expect(
            query.statuses == [.dispatched] && query.overdue == true && query.limit == 7 && query.search == [.text(Array("漏水".utf8))]
                && query.cursor == "s1z")
        #expect(query.receivedFrom == Date(timeIntervalSince1970: 1_796_054_400))  // 2026-11-30T16:00Z
        #expect(query.receivedTo == Date(timeIntervalSince1970: 1_796_140_800))
        #expect(query.now == Self.now)
        for bad in ["status=lost", "overdue=maybe", "limit=0", "limit=201", "limit=99999999999999999999", "received_from=0000-01-01"] {
            #expect(throws: Refusal.self, "\(bad)") {
                try QueryParsing.complaintQuery(QueryReader(query: bad)!, zone: Self.shanghai, now: Self.now).get()
            }
        }
    }

    @Test func reportPeriodsAreLocalDaysAndISOWeeksInsideTheRange() throws {
        let week = try QueryParsing.report(QueryReader(query: "week=2026-W45&estate=A")!, weekly: true, zone: Self.shanghai).get()
        #expect(week.period.label == "2026-W45" && week.estate == "A")
        #expect(week.period.from(in: Self.shanghai) == Date(timeIntervalSince1970: 1_793_548_800))  // Mon 2026-11-02 00:00 +08
        let utc = TimeZone(identifier: "UTC")!
        #expect((try? QueryParsing.report(QueryReader(query: "date=1970-01-01")!, weekly: false, zone: utc).get()) != nil)
        #expect((try? QueryParsing.report(QueryReader(query: "date=1970-01-01")!, weekly: false, zone: Self.shanghai).get()) == nil)
        for bad in [
            "", "week=2026-W54", "week=2026-W00", "week=0000-W01", "week=9999-W53", "week=+999-W01", "week=2026-w45", "estate=&week=2026-W45",
        ] {
            #expect((try? QueryParsing.report(QueryReader(query: bad)!, weekly: true, zone: Self.shanghai).get()) == nil, "\(bad)")
        }
    }

    @Test func theAnnouncementFilterDefaultsToTheLastSevenDays() throws {
        let filter = try QueryParsing.announcementFilter(QueryReader(query: "")!, zone: Self.shanghai, now: Self.now).get()
        #expect(filter.to == Self.now && filter.from == Self.now.addingTimeInterval(-7 * 86_400) && filter.limit == 50 && filter.estate == nil)
        let early = try QueryParsing.announcementFilter(QueryReader(query: "to=1970-01-02T00:00:00Z")!, zone: Self.shanghai, now: Self.now).get()
        #expect(early.from == Date(timeIntervalSince1970: 0))
        #expect(
            (try? QueryParsing.announcementFilter(QueryReader(query: "from=2026-11-03&to=2026-11-02")!, zone: Self.shanghai, now: Self.now).get())
                == nil)
        #expect(QueryReader(query: "from=%ZZ") == nil)
    }
}
