import Foundation

/// A daily span of local time (e.g. 22:00–07:30) in which non-major notices are held: robots
/// ring phones in a work group, and an escalation at 2 a.m. helps no one until morning. What
/// was held goes out as one digest when the span ends; major notices go at once.
public struct QuietHours: Sendable, Hashable {
    /// Start, in minutes after local midnight.
    public var startMinute: Int
    /// End (exclusive), in minutes after local midnight; before `startMinute` when the span crosses midnight.
    public var endMinute: Int
    /// The zone the minutes are read in.
    public var timeZone: TimeZone

    /// Makes a span; nil when the minutes are out of range or equal (an empty or whole-day span).
    public init?(startMinute: Int, endMinute: Int, timeZone: TimeZone) {
        guard (0..<1440).contains(startMinute), (0..<1440).contains(endMinute), startMinute != endMinute else { return nil }
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.timeZone = timeZone
    }

    /// Reads "HH:MM" (00:00–23:59) as minutes after midnight.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60
        else { return nil }
        return hour * 60 + minute
    }

    /// "22:00" for a minute of the day.
    public static func text(_ minute: Int) -> String {
        let hour = minute / 60
        let rest = minute % 60
        return (hour < 10 ? "0" : "") + String(hour) + ":" + (rest < 10 ? "0" : "") + String(rest)
    }

    /// When the quiet span around `date` ends, or nil when `date` is not in one.
    public func end(around date: Date) -> Date? {
        let offset = Double(timeZone.secondsFromGMT(for: date))
        let local = date.timeIntervalSince1970 + offset
        let dayStart = (local / 86_400).rounded(.down) * 86_400
        let minute = Int(((local - dayStart) / 60).rounded(.down))
        let crossesMidnight = startMinute > endMinute
        let quiet = crossesMidnight ? (minute >= startMinute || minute < endMinute) : (minute >= startMinute && minute < endMinute)
        guard quiet else { return nil }
        // Past midnight of a span that began the day before ends today; otherwise at endMinute of the day it ends.
        let endDay = crossesMidnight && minute >= startMinute ? dayStart + 86_400 : dayStart
        let localEnd = endDay + Double(endMinute) * 60
        // Back to UTC with the offset in force at the end (a DST change in between moves it).
        let guess = localEnd - offset
        return Date(timeIntervalSince1970: localEnd - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))))
    }
}
