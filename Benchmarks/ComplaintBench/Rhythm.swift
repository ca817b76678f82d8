import Foundation

/// Local time in Asia/Shanghai (UTC+8 all year, no daylight saving), by arithmetic on Unix seconds.
enum LocalTime {
    static let offset: Int64 = 8 * 3600
    static let day: Int64 = 86_400

    /// Seconds since local midnight.
    static func secondOfDay(_ t: Int64) -> Int64 { floorMod(t + offset, day) }

    /// The local hour, 0–23.
    static func hour(_ t: Int64) -> Int { Int(secondOfDay(t) / 3600) }

    /// Days since 1970-01-01, local.
    static func dayNumber(_ t: Int64) -> Int64 { floorDiv(t + offset, day) }

    /// Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    static func weekday(_ t: Int64) -> Int { Int(floorMod(dayNumber(t) + 3, 7)) }

    /// The local midnight that starts the day of `t`, as Unix seconds.
    static func startOfDay(_ t: Int64) -> Int64 { dayNumber(t) * day - offset }

    /// Year, month (1–12) and day of the local date of `t` (Hinnant's civil-from-days).
    static func date(_ t: Int64) -> (year: Int, month: Int, day: Int) {
        let z = dayNumber(t) + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    /// `t` if the local time is within [open, close) (seconds of the day), else the next opening
    /// plus up to `stagger` seconds: staff work their hours, so night work waits for the morning.
    static func onDuty(_ t: Int64, open: Int64, close: Int64, stagger: Int64, _ rng: inout SplitMix) -> Int64 {
        let second = secondOfDay(t)
        if second >= open && second < close { return t }
        let midnight = startOfDay(t)
        let opening = second < open ? midnight + open : midnight + day + open
        return opening + Int64(rng.next(Int(stagger) + 1))
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }
}

/// Receipt times over the history, in order: exactly `count` of them, spread by the company's
/// rhythm — daytime and weekday peaks, quiet nights and holidays, seasonal bumps, steady growth,
/// and day-to-day noise. Lean: hour weights are recomputed, never stored; one hour is buffered.
struct ArrivalStream {
    private let start: Int64
    private let end: Int64
    private let hours: Int
    private let seed: UInt64
    private let monthly: [Double]
    private let scale: Double
    private var hour = 0
    private var cumulative = 0.0
    private var carried = 0
    private var buffer: [Int64] = []
    private var position = 0
    /// Arrivals not yet handed out.
    private(set) var remaining: Int

    /// Share of complaints per local hour of the day (owners call in office hours and evenings).
    static let hourProfile: [Double] = [
        0.25, 0.15, 0.10, 0.08, 0.08, 0.12, 0.30, 0.70, 1.30, 1.80, 1.90, 1.70,
        1.20, 1.30, 1.60, 1.70, 1.60, 1.40, 1.20, 1.40, 1.50, 1.30, 0.90, 0.50,
    ]
    /// Monday … Sunday.
    static let weekdayProfile: [Double] = [1.12, 1.06, 1.02, 1.00, 0.97, 0.80, 0.76]
    /// Spring Festival (lunar new year) dates: the office is quiet in the week around them.
    static let springFestivals: [(Int, Int, Int)] = [
        (2022, 2, 1), (2023, 1, 22), (2024, 2, 10), (2025, 1, 29), (2026, 2, 17), (2027, 2, 6),
        (2028, 1, 26), (2029, 2, 13), (2030, 2, 3), (2031, 1, 23), (2032, 2, 11),
    ]

    /// `monthly`: the relative volume of each month (seasonal topics), January first.
    init(count: Int, from start: Int64, to end: Int64, seed: UInt64, monthly: [Double]) {
        self.start = start
        self.end = end
        self.seed = seed
        self.monthly = monthly
        self.remaining = count
        hours = Int((end - start + 3599) / 3600)
        var total = 0.0
        for h in 0..<hours { total += ArrivalStream.weight(hour: h, start: start, end: end, seed: seed, monthly: monthly) }
        scale = Double(count) / total
        // A random phase for systematic sampling: the hour counts then add up to `count` exactly.
        var phase = SplitMix(seed, 0xA11)
        cumulative = phase.unit()
    }

    /// The next receipt time, or nil when all `count` were handed out.
    mutating func next() -> Int64? {
        while position == buffer.count {
            guard hour < hours else { return nil }
            fill()
        }
        position += 1
        remaining -= 1
        return buffer[position - 1]
    }

    /// The next receipt time without taking it.
    mutating func peek() -> Int64? {
        while position == buffer.count {
            guard hour < hours else { return nil }
            fill()
        }
        return buffer[position]
    }

    private mutating func fill() {
        let w = ArrivalStream.weight(hour: hour, start: start, end: end, seed: seed, monthly: monthly)
        cumulative += w * scale
        let total = Int(cumulative)
        let k = min(total - carried, remaining)
        carried = total
        let from = start + Int64(hour) * 3600
        let span = Int(min(3600, end - from))
        var rng = SplitMix(seed, 0xA22, UInt64(hour))
        buffer.removeAll(keepingCapacity: true)
        for _ in 0..<max(0, k) { buffer.append(from + Int64(rng.next(max(1, span)))) }
        buffer.sort()
        position = 0
        hour += 1
    }

    /// The expected volume of hour `h` of the history, before scaling.
    static func weight(hour h: Int, start: Int64, end: Int64, seed: UInt64, monthly: [Double]) -> Double {
        let t = start + Int64(h) * 3600
        let date = LocalTime.date(t)
        let day = LocalTime.dayNumber(t)
        var w = hourProfile[LocalTime.hour(t)] * weekdayProfile[LocalTime.weekday(t)] * monthly[date.month - 1]
        // The company grows about 12 % a year.
        w *= exp(log(1.12) * Double(t - start) / (365 * 86_400))
        if date.month == 10 && date.day <= 7 { w *= 0.65 }  // National Day week
        if date.month == 5 && date.day <= 5 { w *= 0.8 }  // Labour Day holiday
        for (y, m, d) in springFestivals where y == date.year || y == date.year + 1 {
            if abs(Int64(daysFromCivil(y, m, d)) - day) <= 4 { w *= 0.55 }
        }
        // Weather, outages, a bad week: each day and hour is a little off the average.
        var dayNoise = SplitMix(seed, 0xDA7, UInt64(bitPattern: day))
        var hourNoise = SplitMix(seed, 0x40E, UInt64(h))
        w *= dayNoise.logNormal(median: 1, sigma: 0.15) * hourNoise.logNormal(median: 1, sigma: 0.08)
        let span = min(3600, end - t)
        return w * Double(span) / 3600
    }

    /// Days since 1970-01-01 of a civil date (Hinnant).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
