/// Byte-level JSON writing for hot paths (access log, problem bodies, metrics-free code):
/// appends escaped strings and numbers into a `[UInt8]` without Foundation.
public enum JSONText {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `value` as a JSON string literal (quoted, escaped).
    @inline(__always)
    public static func appendString(_ value: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            var needsEscape = false
            for byte in bytes where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                needsEscape = true
                break
            }
            if !needsEscape {
                buffer.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case 0x22:
                    buffer.append(0x5C)
                    buffer.append(0x22)
                case 0x5C:
                    buffer.append(0x5C)
                    buffer.append(0x5C)
                case 0x0A:
                    buffer.append(0x5C)
                    buffer.append(UInt8(ascii: "n"))
                case 0x0D:
                    buffer.append(0x5C)
                    buffer.append(UInt8(ascii: "r"))
                case 0x09:
                    buffer.append(0x5C)
                    buffer.append(UInt8(ascii: "t"))
                case 0..<0x20:
                    buffer.append(contentsOf: [
                        0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                    ])
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends a decimal integer (concrete, not generic: it is called across modules on every
    /// request, where a generic would run unspecialized through witness tables).
    public static func appendInteger(_ value: Int, to buffer: inout [UInt8]) {
        if value < 0 {
            buffer.append(UInt8(ascii: "-"))
            appendInteger(UInt64(value.magnitude), to: &buffer)
        } else {
            appendInteger(UInt64(value), to: &buffer)
        }
    }

    /// Appends a decimal unsigned integer.
    public static func appendInteger(_ value: UInt64, to buffer: inout [UInt8]) {
        if value < 10 {
            buffer.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, on the stack
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while rest > 0 {
                raw[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[i]) }
        }
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
