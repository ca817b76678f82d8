import Foundation

// Local days and months of the policy zone. `Calendar` and `TimeZone` go through ICU on Linux and
// were a measurable share of every resolution (the same-day reply limit) and of every id lookup
// (the id's year and month). Most zones — Asia/Shanghai since 1991 — keep one offset from UTC for
// good after their last transition; from then on plain arithmetic gives the calendar's answers.
// Before it, and in zones that still change their clocks (DST), the calendar answers as before.

/// The policy zone's local days and months: arithmetic where its UTC offset is fixed, `Calendar`
/// elsewhere, with the same results.
struct LocalZone: Sendable {
    /// The zone's calendar, which answers wherever the offset may change.
    let calendar: Calendar
    /// The offset (seconds east of UTC) the zone keeps from `fixedSince` on.
    private let fixedOffset: Int
    /// Seconds since 1970 from which the offset never changes again; +infinity for a zone that
    /// keeps changing it, -infinity for one that never did.
    private let fixedSince: Double
    /// Instants this far from 1970 (about ±3,000 years) are left to the calendar.
    private static let arithmeticLimit = 1e11

    /// The local days of `calendar`'s zone.
    init(calendar: Calendar) {
        self.calendar = calendar
        let zone = calendar.timeZone
        // A zone that still changes its clocks after 2100 keeps DST rules for good: the calendar
        // answers for it (one lookup, rather than walking centuries of transitions).
        let stillChanging = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: 4_102_444_800)) != nil
        // Walk the zone's transitions (all offset changes, DST or not) from before any zone had one.
        var cursor = Date(timeIntervalSince1970: -1e10)
        var last = stillChanging ? Double.infinity : -Double.infinity
        var walked = 0
        while !stillChanging, let next = zone.nextDaylightSavingTimeTransition(after: cursor) {
            walked += 1
            // Still changing after a thousand transitions (DST for centuries ahead), or not moving on.
            guard walked <= 1_000, next > cursor else {
                last = .infinity
                break
            }
            last = next.timeIntervalSince1970
            cursor = next
        }
        fixedSince = last
        fixedOffset =
            last.isFinite
            ? zone.secondsFromGMT(for: Date(timeIntervalSince1970: last + 86_400)) : zone.secondsFromGMT(for: Date(timeIntervalSince1970: 0))
    }

    /// The zone's offset from UTC (seconds east) at `date`.
    @inline(__always)
    func secondsFromGMT(for date: Date) -> Int {
        let t = date.timeIntervalSince1970
        if t >= fixedSince, t < Self.arithmeticLimit { return fixedOffset }
        return calendar.timeZone.secondsFromGMT(for: date)
    }

    /// The zone's offset from UTC (seconds east) at `seconds` whole seconds since 1970.
    @inline(__always)
    func secondsFromGMT(forSeconds seconds: Int64) -> Int {
        let t = Double(seconds)
        if t >= fixedSince, t < Self.arithmeticLimit { return fixedOffset }
        return calendar.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: t))
    }

    /// The start of the next local day after `date`'s: the end of its local day, the same-day
    /// reply limit (001 VI.3).
    func endOfDay(_ date: Date) -> Date {
        let t = date.timeIntervalSince1970
        // The whole local day, and the day after, must lie where the offset is fixed.
        if t - 2 * 86_400 >= fixedSince, t > -Self.arithmeticLimit, t < Self.arithmeticLimit {
            let offset = Double(fixedOffset)
            let start = ((t + offset) / 86_400).rounded(.down) * 86_400 - offset
            return Date(timeIntervalSince1970: start + 86_400)
        }
        let start = calendar.startOfDay(for: date)
        return calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
    }
}
