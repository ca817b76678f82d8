// libFuzzer harness: date parsing and formatting.
//
// The input is read three ways: as text (RFC 3339 date-time, plain date, query date, body date,
// report day and week), as an Int64 millisecond count and as a Double second count (the first
// eight bytes, little-endian).
// Must hold: no trap; parse → format → parse gives the same instant; any Int64 formats to the
// strict 24-character shape and parses back to itself clamped to years 0000…9999; whatever is
// accepted from outside lies inside AcceptedInstants.
import ComplaintDomain
import Foundation
import JSONCodec
import Telemetry

@testable import ComplaintService
@testable import Notifications

let writers = NotificationLanguage.allCases.map { NoticeWriter(settings: NotificationSettings(), language: $0) }
let zones = ["Asia/Shanghai", "UTC", "America/St_Johns", "Pacific/Kiritimati", "Pacific/Pago_Pago"].map { TimeZone(identifier: $0)! }

func checkShape(_ text: String) {
    let b = Array(text.utf8)
    check(b.count == 24, "\(text)")
    for (i, c) in b.enumerated() {
        let expected: UInt8? = [
            4: UInt8(ascii: "-"), 7: UInt8(ascii: "-"), 10: UInt8(ascii: "T"), 13: UInt8(ascii: ":"),
            16: UInt8(ascii: ":"), 19: UInt8(ascii: "."), 23: UInt8(ascii: "Z"),
        ][i]
        if let expected { check(c == expected, "\(text)") } else { check(c >= 0x30 && c <= 0x39, "\(text)") }
    }
}

func clamp(_ ms: Int64) -> Int64 { min(max(ms, Timestamp.earliestWritableMilliseconds), Timestamp.latestWritableMilliseconds) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDates(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)

    if let ms = RFC3339.milliseconds(text) {
        let written = Timestamp.iso8601(millisecondsSinceEpoch: ms)
        checkShape(written)
        check(RFC3339.milliseconds(written) == clamp(ms), "\(text) → \(ms) → \(written)")
    }
    if let day = RFC3339.civilDate(text) {
        let (year, month, dayOfMonth) = Timestamp.civil(fromDays: day.dayNumber)
        check(year == day.year && month == day.month && dayOfMonth == day.day, "\(text)")
    }
    for zone in zones {
        if case .success(let date) = QueryReader.instant(text, in: zone) { check(AcceptedInstants.contains(date), "\(text)") }
        for period in [ReportPeriod.daily(text), ReportPeriod.weekly(text), ReportPeriod.monthly(text)].compactMap({ $0 }) {
            check(ReportPeriod.years.contains(Int(Timestamp.civil(fromDays: Int64(period.days.lowerBound)).year)) || period.kind == "weekly")
            _ = Timestamp.iso8601(millisecondsSinceEpoch: Timestamp.milliseconds(fromSeconds: period.to(in: zone).timeIntervalSince1970))
        }
    }
    if case .success(let date) = RequestDecoding.bodyDate(text) { check(AcceptedInstants.contains(date), "\(text)") }

    guard size >= 8 else { return 0 }
    var raw: UInt64 = 0
    for i in 0..<8 { raw |= UInt64(data[i]) << (8 * UInt64(i)) }
    let ms = Int64(bitPattern: raw)
    let written = Timestamp.iso8601(millisecondsSinceEpoch: ms)
    checkShape(written)
    check(RFC3339.milliseconds(written) == clamp(ms), "\(ms) → \(written)")

    let seconds = Double(bitPattern: raw)
    var w = JSONWriter()
    w.date(Date(timeIntervalSince1970: seconds))
    checkShape(String(decoding: w.bytes.dropFirst().dropLast(), as: UTF8.self))
    checkShape(WebhookBody.iso8601(Date(timeIntervalSince1970: seconds)))
    // Robot texts: local times and "how late" in both languages, whatever a log holds.
    for zone in zones { _ = LocalTime.text(Date(timeIntervalSince1970: seconds), in: zone) }
    for writer in writers { _ = writer.duration(seconds) }
    _ = ReportLedger.day(of: Date(timeIntervalSince1970: seconds), in: zones[Int(data[0]) % zones.count])
    return 0
}

/// `precondition` whose message survives -O (libFuzzer shows it with the crashing input).
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String = "") {
    if !condition() { fatalError(message()) }
}
