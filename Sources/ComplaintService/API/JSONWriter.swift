import Foundation
import Telemetry

/// A small streaming JSON writer for response bodies on the hot path (no Foundation encoder,
/// no intermediate dictionaries). Dates are RFC 3339 UTC with milliseconds; an instant outside
/// years 0000…9999 (only an old log can hold one) is written clamped to the nearer end.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var first: [Bool] = []

    init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    private mutating func separate() {
        if let last = first.last {
            if !last { bytes.append(UInt8(ascii: ",")) }
            first[first.count - 1] = false
        }
    }

    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); first.append(true) }
    mutating func endObject() { first.removeLast(); bytes.append(UInt8(ascii: "}")) }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); first.append(true) }
    mutating func endArray() { first.removeLast(); bytes.append(UInt8(ascii: "]")) }

    /// Writes `"name":` (the value call that follows must not separate again).
    mutating func key(_ name: String) {
        separate()
        JSONText.appendString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        first.append(true)  // the value's own separate() sees "first" and pops below
    }

    private mutating func valueDone() { first.removeLast() }

    mutating func string(_ value: String) { separate(); JSONText.appendString(value, to: &bytes) }
    mutating func int(_ value: Int) { separate(); JSONText.appendInteger(value, to: &bytes) }
    mutating func double(_ value: Double) { separate(); JSONText.appendDecimal(value, fractionDigits: 3, to: &bytes) }
    mutating func bool(_ value: Bool) { separate(); bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    mutating func null() { separate(); bytes.append(contentsOf: "null".utf8) }
    mutating func date(_ value: Date) {
        separate()
        Timestamp.appendISO8601(millisecondsSinceEpoch: Timestamp.milliseconds(fromSeconds: value.timeIntervalSince1970), to: &bytes)
    }

    // Members: `"name": value`; optional ones write null when absent so the shape is stable.
    mutating func member(_ name: String, _ value: String?) { key(name); if let value { string(value) } else { null() }; valueDone() }
    mutating func member(_ name: String, _ value: Int) { key(name); int(value); valueDone() }
    mutating func member(_ name: String, _ value: Double) { key(name); double(value); valueDone() }
    mutating func member(_ name: String, _ value: Bool?) { key(name); if let value { bool(value) } else { null() }; valueDone() }
    mutating func member(_ name: String, date value: Date?) { key(name); if let value { date(value) } else { null() }; valueDone() }
    mutating func member(_ name: String, strings: [String]) {
        key(name)
        beginArray()
        for s in strings { string(s) }
        endArray()
        valueDone()
    }
    mutating func memberObject(_ name: String, _ body: (inout JSONWriter) -> Void) {
        key(name); beginObject(); body(&self); endObject(); valueDone()
    }
    mutating func memberArray(_ name: String, _ body: (inout JSONWriter) -> Void) {
        key(name); beginArray(); body(&self); endArray(); valueDone()
    }
    mutating func memberNull(_ name: String) { key(name); null(); valueDone() }
    /// Writes an already encoded JSON value as the next array element.
    mutating func raw(_ value: [UInt8]) { separate(); bytes.append(contentsOf: value) }
    /// Writes an already encoded JSON value.
    mutating func memberRaw(_ name: String, _ raw: [UInt8]) { key(name); separate(); bytes.append(contentsOf: raw); valueDone() }
}
