/// Byte-level JSON writing for lines built a value at a time (log lines, problem bodies): appends
/// escaped strings and numbers into a `[UInt8]` without Foundation, through a `ByteCursor`.
public enum JSONText {
    /// Appends `value` as a JSON string literal (quoted, escaped as `ByteCursor.writeJSONString`).
    public static func appendString(_ value: String, to buffer: inout [UInt8]) {
        ByteCursor.append(bound: ByteCursor.jsonStringBound(utf8Count: value.utf8.count), to: &buffer) { $0.writeJSONString(value) }
    }

    /// Appends a decimal integer (concrete, not generic: it is called across modules, where a
    /// generic would run unspecialized through witness tables).
    public static func appendInteger(_ value: Int, to buffer: inout [UInt8]) {
        ByteCursor.append(bound: 20, to: &buffer) { $0.writeDecimal(value) }
    }

    /// Appends a decimal unsigned integer.
    public static func appendInteger(_ value: UInt64, to buffer: inout [UInt8]) {
        ByteCursor.append(bound: 20, to: &buffer) { $0.writeDecimal(value) }
    }

    /// Appends a finite double with up to `fractionDigits` digits after the point.
    public static func appendDecimal(_ value: Double, fractionDigits: Int = 6, to buffer: inout [UInt8]) {
        guard value.isFinite else {
            buffer.append(contentsOf: Array("0".utf8))
            return
        }
        var scale = 1.0
        for _ in 0..<fractionDigits { scale *= 10 }
        let negative = value < 0
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else {
            buffer.append(contentsOf: Array("\(value)".utf8))
            return
        }
        let integer = UInt64(scaled)
        if negative && integer > 0 { buffer.append(UInt8(ascii: "-")) }
        let whole = integer / UInt64(scale)
        var fraction = integer % UInt64(scale)
        appendInteger(whole, to: &buffer)
        guard fraction > 0 else { return }
        buffer.append(UInt8(ascii: "."))
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: fractionDigits)
        for i in stride(from: fractionDigits - 1, through: 0, by: -1) {
            digits[i] = UInt8(ascii: "0") + UInt8(fraction % 10)
            fraction /= 10
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        buffer.append(contentsOf: digits)
    }
}
