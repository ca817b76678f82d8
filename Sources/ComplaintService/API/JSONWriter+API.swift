import Foundation
import JSONCodec
import Telemetry

// The API's shapes on the project's one JSON writer: dates as RFC 3339 UTC with milliseconds
// (an instant outside years 0000…9999, which only an old log can hold, is written clamped to the
// nearer end), optional members written as null so a resource keeps one shape, rates rounded to
// three decimals.
extension JSONWriter {
    /// Writes an RFC 3339 date.
    mutating func date(_ value: Date) {
        let milliseconds = Timestamp.milliseconds(fromSeconds: value.timeIntervalSince1970)
        verbatimString(count: Timestamp.iso8601Length) { Timestamp.writeISO8601(millisecondsSinceEpoch: milliseconds, to: $0) }
    }

    /// `"name": "<RFC 3339>"`, or null.
    mutating func member(_ name: StaticString, date value: Date?) {
        key(name)
        if let value { date(value) } else { null() }
    }

    /// `"name": ["a", "b"]`.
    mutating func member(_ name: StaticString, strings: [String]) {
        key(name)
        beginArray()
        for value in strings { string(value) }
        endArray()
    }

    /// A member whose name is only known at run time, holding an object.
    mutating func memberObject(named name: String, _ body: (inout JSONWriter) -> Void) {
        key(named: name)
        beginObject()
        body(&self)
        endObject()
    }

    /// `"name": <number rounded to three decimals>`, for rates and durations people read.
    mutating func member(_ name: StaticString, rounded value: Double) {
        key(name)
        rounded(value)
    }

    /// A number rounded to three decimals.
    mutating func rounded(_ value: Double) {
        guard value.isFinite else { return null() }
        var text: [UInt8] = []
        JSONText.appendDecimal(value, fractionDigits: 3, to: &text)
        rawValue(text)
    }
}
