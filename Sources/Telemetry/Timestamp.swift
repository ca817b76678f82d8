#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock helpers without Foundation.
public enum Timestamp {
    /// Milliseconds since the Unix epoch (CLOCK_REALTIME).
    @inline(__always)
    public static func nowMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Appends `"2026-11-22T15:33:37.123Z"` (with quotes).
    public static func appendISO8601(millisecondsSinceEpoch ms: Int64, to buffer: inout [UInt8]) {
        var seconds = time_t(ms / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        buffer.append(UInt8(ascii: "\""))
        appendPadded(Int(parts.tm_year) + 1900, width: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(Int(parts.tm_mon) + 1, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(Int(parts.tm_mday), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "T"))
        appendPadded(Int(parts.tm_hour), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendPadded(Int(parts.tm_min), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: ":"))
        appendPadded(Int(parts.tm_sec), width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "."))
        appendPadded(Int(ms % 1000), width: 3, to: &buffer)
        buffer.append(contentsOf: "Z\"".utf8)
    }

    @inline(__always)
    static func appendPadded(_ value: Int, width: Int, to buffer: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 {
            buffer.append(UInt8(ascii: "0") + UInt8((v / divisor) % 10))
            v %= divisor
            divisor /= 10
        }
    }
}
