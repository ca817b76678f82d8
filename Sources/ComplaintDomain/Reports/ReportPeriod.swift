import Foundation

/// A report period: one local day, one ISO week or one calendar month, in the policy's time zone.
public struct ReportPeriod: Sendable, Hashable {
    /// "daily", "weekly" or "monthly".
    public var kind: String
    /// "2026-11-02", "2026-W45" or "2026-11".
    public var label: String
    /// The local day numbers covered (days since 1970-01-01 in the zone).
    public var days: ClosedRange<Int32>

    /// The years a report may cover: the range of instants the service accepts.
    public static let years = 1970...9999

    /// The day `text` ("YYYY-MM-DD", ASCII digits only), or nil when malformed, impossible or
    /// outside `years`.
    public static func daily(_ text: String) -> ReportPeriod? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let year = digits(parts[0], count: 4), let month = digits(parts[1], count: 2),
            let day = digits(parts[2], count: 2), years.contains(year),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        let number = Int32(daysFromCivil(year, month, day))
        return ReportPeriod(kind: "daily", label: text, days: number...number)
    }

    /// The ISO week `text` ("YYYY-Www", ASCII digits only), or nil when malformed, outside
    /// `years`, or the year has no such week.
    public static func weekly(_ text: String) -> ReportPeriod? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].first == "W", let year = digits(parts[0], count: 4),
            let week = digits(parts[1].dropFirst(), count: 2), years.contains(year), week >= 1
        else { return nil }
        // Week 1 holds 4 January; its Monday starts the ISO year.
        let jan4 = daysFromCivil(year, 1, 4)
        let weekday = ((jan4 + 3) % 7 + 7) % 7  // 0 = Monday (1970-01-01 was a Thursday)
        let firstMonday = jan4 - weekday
        let nextYearFirstMonday: Int = {
            let j = daysFromCivil(year + 1, 1, 4)
            return j - ((j + 3) % 7 + 7) % 7
        }()
        let monday = firstMonday + (week - 1) * 7
        guard monday < nextYearFirstMonday else { return nil }
        return ReportPeriod(kind: "weekly", label: text, days: Int32(monday)...Int32(monday + 6))
    }

    /// The month `text` ("YYYY-MM", ASCII digits only): its 1st to its last day, or nil when
    /// malformed or outside `years`.
    public static func monthly(_ text: String) -> ReportPeriod? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let year = digits(parts[0], count: 4), let month = digits(parts[1], count: 2),
            years.contains(year), (1...12).contains(month)
        else { return nil }
        let first = Int32(daysFromCivil(year, month, 1))
        return ReportPeriod(kind: "monthly", label: text, days: first...(first + Int32(daysIn(month: month, year: year)) - 1))
    }

    /// Exactly `count` ASCII digits as a number (`Int("+202")` would accept a sign).
    static func digits(_ text: Substring, count: Int) -> Int? {
        guard text.utf8.count == count else { return nil }
        var value = 0
        for byte in text.utf8 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// When the period starts in `zone`.
    public func from(in zone: TimeZone) -> Date { Date(timeIntervalSince1970: ReportLedger.start(ofDay: days.lowerBound, in: zone)) }

    /// When the period ends (exclusive) in `zone`.
    public func to(in zone: TimeZone) -> Date { Date(timeIntervalSince1970: ReportLedger.start(ofDay: days.upperBound + 1, in: zone)) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days-from-civil).
    static func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let year = m <= 2 ? y - 1 : y
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
