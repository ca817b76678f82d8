#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Escapes: checked while scanning (so skipped strings are as strict as read ones) and decoded
/// only for strings that hold them.
extension JSONReader {
    /// Checks the escape whose backslash is at `index`; returns the offset after it.
    func validateEscape(at index: Int) throws -> Int {
        guard index + 1 < end else { throw JSONError(.unexpectedEnd, at: end, detail: "the input ends inside an escape") }
        switch base[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index + 2
        case UInt8(ascii: "u"):
            let unit = try hexQuad(at: index + 2)
            if unit >= 0xDC00 && unit <= 0xDFFF {
                throw JSONError(
                    .invalidSurrogate, at: index,
                    detail: "\\u\(String(unit, radix: 16, uppercase: true)) is a low surrogate without a high one before it")
            }
            guard unit >= 0xD800 && unit <= 0xDBFF else { return index + 6 }
            guard index + 7 < end, base[index + 6] == UInt8(ascii: "\\"), base[index + 7] == UInt8(ascii: "u") else {
                throw JSONError(
                    .invalidSurrogate, at: index,
                    detail: "\\u\(String(unit, radix: 16, uppercase: true)) is a high surrogate not followed by a \\u low surrogate")
            }
            let low = try hexQuad(at: index + 8)
            guard low >= 0xDC00 && low <= 0xDFFF else {
                throw JSONError(
                    .invalidSurrogate, at: index + 6, detail: "\\u\(String(low, radix: 16, uppercase: true)) does not complete the surrogate pair")
            }
            return index + 12
        default:
            throw JSONError(.invalidEscape, at: index, detail: "\\\(describeByte(at: index + 1)) is not a JSON escape")
        }
    }

    /// The value of four hex digits at `index`.
    private func hexQuad(at index: Int) throws -> UInt32 {
        var value: UInt32 = 0
        for offset in index..<(index + 4) {
            guard offset < end else { throw JSONError(.unexpectedEnd, at: end, detail: "the input ends inside a \\u escape") }
            guard let digit = Self.hexValue(base[offset]) else {
                throw JSONError(.invalidEscape, at: offset, detail: "a \\u escape needs four hex digits, found \(describeByte(at: offset))")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Writes the decoded content of an already validated string into `output`; returns its length.
    func decodeEscapes(from start: Int, to stop: Int, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var index = start
        var written = 0
        while index < stop {
            // Copy the run up to the next backslash in one go.
            let next = memchr(base + index, 0x5C, stop - index).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? stop
            (output + written).update(from: base + index, count: next - index)
            written += next - index
            index = next
            if index == stop { break }
            let escape = base[index + 1]
            index += 2
            let simple: UInt8
            switch escape {
            case UInt8(ascii: "b"): simple = 0x08
            case UInt8(ascii: "f"): simple = 0x0C
            case UInt8(ascii: "n"): simple = 0x0A
            case UInt8(ascii: "r"): simple = 0x0D
            case UInt8(ascii: "t"): simple = 0x09
            case UInt8(ascii: "u"):
                var scalar = uncheckedHexQuad(at: index)
                index += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (uncheckedHexQuad(at: index + 2) - 0xDC00)
                    index += 6
                }
                written += Self.encodeUTF8(scalar, into: output + written)
                continue
            default: simple = escape  // " \ /
            }
            output[written] = simple
            written += 1
        }
        return written
    }

    private func uncheckedHexQuad(at index: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in index..<(index + 4) { value = value << 4 | UInt32(Self.hexValue(base[offset]) ?? 0) }
        return value
    }

    /// Writes `scalar` (not a surrogate, ≤ U+10FFFF) as UTF-8; returns the byte count.
    private static func encodeUTF8(_ scalar: UInt32, into output: UnsafeMutablePointer<UInt8>) -> Int {
        switch scalar {
        case 0..<0x80:
            output[0] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            output[0] = UInt8(0xC0 | scalar >> 6)
            output[1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            output[0] = UInt8(0xE0 | scalar >> 12)
            output[1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            output[0] = UInt8(0xF0 | scalar >> 18)
            output[1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            output[2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}
