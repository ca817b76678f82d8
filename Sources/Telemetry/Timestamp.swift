#if canImport(Glibc)
    import Glibc
#endif

/// Wall-clock helpers without Foundation.
///
/// Every function here is total: no input traps. RFC 3339 has four-digit years only, so an
/// instant outside 0000-01-01T00:00:00.000Z … 9999-12-31T23:59:59.999Z is written clamped to
/// the nearer end (the API refuses such instants from outside; only an old or hand-made log can
/// hold one, and it must still load and be served).
public enum Timestamp {
    /// 0000-01-01T00:00:00.000Z, the earliest instant RFC 3339 can write.
    public static let earliestWritableMilliseconds: Int64 = -62_167_219_200_000
    /// 9999-12-31T23:59:59.999Z, the latest instant RFC 3339 can write.
    public static let latestWritableMilliseconds: Int64 = 253_402_300_799_999

    /// Milliseconds since the Unix epoch (CLOCK_REALTIME).
    @inline(__always)
    public static func nowMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Seconds since the epoch as whole milliseconds, rounded to the nearest; never traps
    /// (`Int64(someDouble)` does when out of range): NaN gives 0, values beyond Int64 saturate.
    public static func milliseconds(fromSeconds seconds: Double) -> Int64 {
        guard !seconds.isNaN else { return 0 }
        let scaled = (seconds * 1000).rounded()
        if scaled >= 0x1p63 { return .max }
        if scaled < -0x1p63 { return .min }
        return Int64(scaled)
    }

    /// Appends `"2026-11-22T15:33:37.123Z"` (with quotes); clamped to years 0000…9999.
    public static func appendISO8601(millisecondsSinceEpoch ms: Int64, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        appendISO8601Unquoted(millisecondsSinceEpoch: ms, to: &buffer)
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends `2026-11-22T15:33:37.123Z` (no quotes); clamped to years 0000…9999.
    public static func appendISO8601Unquoted(millisecondsSinceEpoch ms: Int64, to buffer: inout [UInt8]) {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: iso8601Length))
        buffer.withUnsafeMutableBufferPointer { writeISO8601(millisecondsSinceEpoch: ms, to: $0.baseAddress! + start) }
    }

    /// The length of `2026-11-22T15:33:37.123Z`, the same for every instant (years are clamped to
    /// four digits).
    public static let iso8601Length = 24

    /// Writes `2026-11-22T15:33:37.123Z` (no quotes), exactly `iso8601Length` bytes, at `out`;
    /// clamped to years 0000…9999. For writers that reserve the room themselves (the JSON writer
    /// puts it straight into a response: no array, no String, no escape scan).
    public static func writeISO8601(millisecondsSinceEpoch ms: Int64, to out: UnsafeMutablePointer<UInt8>) {
        let clamped = min(max(ms, earliestWritableMilliseconds), latestWritableMilliseconds)
        // Floor division, so -500 ms is 1969-12-31T23:59:59.500Z and not a negative fraction.
        let millisecondsPerDay: Int64 = 86_400_000
        let days = floorDivide(clamped, millisecondsPerDay)
        let withinDay = clamped - days * millisecondsPerDay
        let (year, month, day) = civil(fromDays: days)
        let seconds = Int(withinDay / 1000)
        writePadded(Int(year), width: 4, to: out)
        out[4] = UInt8(ascii: "-")
        writePadded(month, width: 2, to: out + 5)
        out[7] = UInt8(ascii: "-")
        writePadded(day, width: 2, to: out + 8)
        out[10] = UInt8(ascii: "T")
        writePadded(seconds / 3600, width: 2, to: out + 11)
        out[13] = UInt8(ascii: ":")
        writePadded(seconds / 60 % 60, width: 2, to: out + 14)
        out[16] = UInt8(ascii: ":")
        writePadded(seconds % 60, width: 2, to: out + 17)
        out[19] = UInt8(ascii: ".")
        writePadded(Int(withinDay % 1000), width: 3, to: out + 20)
        out[23] = UInt8(ascii: "Z")
    }

    /// Writes `value` (0 ≤ value < 10^width) with leading zeros, `width` bytes at `out`.
    @inline(__always)
    static func writePadded(_ value: Int, width: Int, to out: UnsafeMutablePointer<UInt8>) {
        var v = value
        var i = width
        while i > 0 {
            i -= 1
            out[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
            v /= 10
        }
    }

    /// `2026-11-22T15:33:37.123Z`; clamped to years 0000…9999.
    public static func iso8601(millisecondsSinceEpoch ms: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendISO8601Unquoted(millisecondsSinceEpoch: ms, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil); month 1…12.
    public static func days(fromYear year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day number (Hinnant's civil_from_days); |days| < 2^50.
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The number of days in `month` (1…12) of `year`.
    public static func daysIn(month: Int, year: Int64) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    @inline(__always)
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
