import Telemetry

/// Our own strict, total RFC 3339 reader for dates that come from outside (bodies and queries).
///
/// Foundation's `ISO8601FormatStyle` accepts years it cannot write back and gives instants our
/// writer used to trap on; this one reads exactly `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`
/// (RFC 3339 §5.6; `t` and `z` may be lowercase, as its note allows) and nothing else, in linear
/// time, without trapping on any input.
enum RFC3339 {
    /// A calendar date as written, before any time zone applies.
    struct CivilDate: Equatable {
        var year: Int64
        var month: Int
        var day: Int

        /// Days since 1970-01-01.
        var dayNumber: Int64 { Timestamp.days(fromYear: year, month: month, day: day) }
    }

    /// The instant of a full date-time, in milliseconds since the epoch; nil when malformed.
    ///
    /// Fraction digits beyond milliseconds are cut (towards the past, so order is kept); a leap
    /// second `:60` is read as the first instant of the next minute, as POSIX time does; offsets
    /// go up to ±23:59.
    static func milliseconds<S: StringProtocol>(_ text: S) -> Int64? {
        var scanner = Scanner(Array(text.utf8))
        guard let date = scanner.date(), scanner.take("T") || scanner.take("t"),
            let hour = scanner.number(2), hour <= 23, scanner.take(":"),
            let minute = scanner.number(2), minute <= 59, scanner.take(":"),
            let second = scanner.number(2), second <= 60
        else { return nil }
        var millisecond: Int64 = 0
        if scanner.take(".") {
            var digits = 0
            while let digit = scanner.digit() {
                if digits < 3 { millisecond = millisecond * 10 + Int64(digit) }
                digits += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { millisecond *= 10 }
        }
        var offsetMinutes: Int64 = 0
        if scanner.take("Z") || scanner.take("z") {
            offsetMinutes = 0
        } else {
            let sign: Int64
            if scanner.take("+") { sign = 1 } else if scanner.take("-") { sign = -1 } else { return nil }
            guard let hours = scanner.number(2), hours <= 23, scanner.take(":"),
                let minutes = scanner.number(2), minutes <= 59
            else { return nil }
            offsetMinutes = sign * (hours * 60 + minutes)
        }
        guard scanner.atEnd else { return nil }
        let seconds = date.dayNumber * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60
        return seconds * 1000 + millisecond
    }

    /// A plain date `YYYY-MM-DD`; nil when malformed or impossible (2026-02-30).
    static func civilDate<S: StringProtocol>(_ text: S) -> CivilDate? {
        var scanner = Scanner(Array(text.utf8))
        guard let date = scanner.date(), scanner.atEnd else { return nil }
        return date
    }

    /// Reads ASCII bytes left to right; every method leaves the position alone when it fails.
    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position == bytes.count }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }

        mutating func digit() -> Int? {
            guard position < bytes.count, (0x30...0x39).contains(bytes[position]) else { return nil }
            position += 1
            return Int(bytes[position - 1] - 0x30)
        }

        /// Exactly `count` ASCII digits (no sign, no spaces).
        mutating func number(_ count: Int) -> Int64? {
            let start = position
            var value: Int64 = 0
            for _ in 0..<count {
                guard let d = digit() else {
                    position = start
                    return nil
                }
                value = value * 10 + Int64(d)
            }
            return value
        }

        /// `YYYY-MM-DD` with a real month and day.
        mutating func date() -> CivilDate? {
            guard let year = number(4), take("-"), let month = number(2), (1...12).contains(month), take("-"),
                let day = number(2), day >= 1, day <= Int64(Timestamp.daysIn(month: Int(month), year: year))
            else { return nil }
            return CivilDate(year: year, month: Int(month), day: Int(day))
        }
    }
}
