/// String escaping for the writer: an eight-bytes-at-a-time scan finds the bytes that need a
/// closer look, and the runs between them are copied whole.
///
/// Always escaped: `"` and `\`, every control character U+0000–U+001F (`\b \f \n \r \t` by
/// name, the rest as `\u00XX`), and U+2028/U+2029 (valid in JSON but line terminators in
/// older JavaScript, so output stays safe to embed in a script). With `escapingHTML`, also
/// `<`, `>` and `&` (so `</script>` cannot appear). Everything else, Chinese included, is
/// written as raw UTF-8.
enum JSONEscaping {
    private static let hexDigits: StaticString = "0123456789abcdef"

    /// Appends `string` quoted and escaped.
    static func appendQuoted(_ string: String, escapingHTML: Bool, to output: inout JSONWriterBuffer) {
        var string = string
        string.withUTF8 { appendQuoted(UnsafeRawBufferPointer($0), escapingHTML: escapingHTML, to: &output) }
    }

    /// Appends `string` quoted and escaped into a byte array (for messages and paths).
    static func appendQuoted(_ string: String, to output: inout [UInt8]) {
        var buffer = JSONWriterBuffer(capacity: string.utf8.count + 2)
        appendQuoted(string, escapingHTML: false, to: &buffer)
        output.append(contentsOf: buffer.bytes)
    }

    /// Appends the UTF-8 `bytes` quoted and escaped.
    static func appendQuoted(_ bytes: UnsafeRawBufferPointer, escapingHTML: Bool, to output: inout JSONWriterBuffer) {
        let count = bytes.count
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count > 0 else {
            output.append("\"\"")
            return
        }
        let first = nextSpecial(base, from: 0, count: count, escapingHTML: escapingHTML)
        if first == count {
            // The common case: nothing to escape, one copy between the quotes.
            let out = output.reserve(count &+ 2)
            out.pointee = 0x22
            JSONWriterBuffer.copy(base, to: out + 1, count: count)
            out[count &+ 1] = 0x22
            output.count &+= count &+ 2
            return
        }
        appendEscaped(base, count: count, firstSpecial: first, escapingHTML: escapingHTML, to: &output)
    }

    /// The index of the first byte at or after `index` that may need escaping, or `count`.
    @inline(__always)
    private static func nextSpecial(_ base: UnsafePointer<UInt8>, from index: Int, count: Int, escapingHTML: Bool) -> Int {
        let start = index
        var index = index
        while index &+ 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let specials = specials(in: word, escapingHTML: escapingHTML)
            if specials != 0 { return index &+ specials.trailingZeroBitCount &>> 3 }
            index &+= 8
        }
        if index < count && count &- 8 >= start {
            // The last few bytes as one word ending with the string: when the loop above ran,
            // the bytes before `index` in it were found plain, so its lowest special byte is the
            // first one from `index` (the masks may flag bytes above a special one, never below).
            let word = UInt64(littleEndian: UnsafeRawPointer(base + (count &- 8)).loadUnaligned(as: UInt64.self))
            let specials = specials(in: word, escapingHTML: escapingHTML)
            return specials == 0 ? count : count &- 8 &+ specials.trailingZeroBitCount &>> 3
        }
        while index < count && escapedLength(base, at: index, count: count, escapingHTML: escapingHTML) == 0 { index &+= 1 }
        return index
    }

    /// High bit set in the lowest byte of `word` that may need escaping (higher flags may be
    /// false): a quote, a backslash, a control character, the lead byte of U+2028/U+2029 (or of
    /// another E2 sequence), and `<`, `>`, `&` when `escapingHTML`.
    @inline(__always)
    private static func specials(in word: UInt64, escapingHTML: Bool) -> UInt64 {
        var specials = ByteMask.stringSpecials(word, includingNonASCII: false) | ByteMask.zeroBytes(word ^ (ByteMask.ones &* 0xE2))
        if escapingHTML {
            specials |=
                ByteMask.zeroBytes(word ^ (ByteMask.ones &* 0x3C)) | ByteMask.zeroBytes(word ^ (ByteMask.ones &* 0x3E))
                | ByteMask.zeroBytes(word ^ (ByteMask.ones &* 0x26))
        }
        return specials
    }

    /// How many bytes the byte at `index` becomes when escaped: 0 when it is written as is, 2
    /// for a named escape, 6 for `\u00XX` or `\u2028`/`\u2029` (which replace three bytes).
    @inline(__always)
    private static func escapedLength(_ base: UnsafePointer<UInt8>, at index: Int, count: Int, escapingHTML: Bool) -> Int {
        switch base[index] {
        case 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x22, 0x5C: return 2
        case 0x00..<0x20: return 6
        case 0x3C, 0x3E, 0x26: return escapingHTML ? 6 : 0
        case 0xE2:
            let isSeparator = index &+ 2 < count && base[index &+ 1] == 0x80 && base[index &+ 2] & 0xFE == 0xA8
            return isSeparator ? 6 : 0
        default: return 0
        }
    }

    /// The slow path: measures the escaped length exactly, reserves it once, then writes runs
    /// and escapes.
    private static func appendEscaped(
        _ base: UnsafePointer<UInt8>, count: Int, firstSpecial: Int, escapingHTML: Bool,
        to output: inout JSONWriterBuffer
    ) {
        var length = count &+ 2
        var index = firstSpecial
        while index < count {
            let escaped = escapedLength(base, at: index, count: count, escapingHTML: escapingHTML)
            if escaped == 6 && base[index] == 0xE2 {
                length &+= 3
                index &+= 3
            } else {
                length &+= max(escaped &- 1, 0)
                index &+= 1
            }
        }
        let start = output.reserve(length)
        var out = start
        out.pointee = 0x22
        out += 1
        var runStart = 0
        index = firstSpecial
        while index < count {
            let escaped = escapedLength(base, at: index, count: count, escapingHTML: escapingHTML)
            if escaped == 0 {
                index = nextSpecial(base, from: index &+ 1, count: count, escapingHTML: escapingHTML)
                continue
            }
            out.update(from: base + runStart, count: index &- runStart)
            out += index &- runStart
            let byte = base[index]
            out.pointee = 0x5C
            if escaped == 2 {
                switch byte {
                case 0x08: out[1] = UInt8(ascii: "b")
                case 0x09: out[1] = UInt8(ascii: "t")
                case 0x0A: out[1] = UInt8(ascii: "n")
                case 0x0C: out[1] = UInt8(ascii: "f")
                case 0x0D: out[1] = UInt8(ascii: "r")
                default: out[1] = byte  // " or \
                }
                out += 2
                index &+= 1
            } else if byte == 0xE2 {
                // \u2028 or \u2029
                out[1] = UInt8(ascii: "u")
                out[2] = UInt8(ascii: "2")
                out[3] = UInt8(ascii: "0")
                out[4] = UInt8(ascii: "2")
                out[5] = base[index &+ 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9")
                out += 6
                index &+= 3
            } else {
                out[1] = UInt8(ascii: "u")
                out[2] = UInt8(ascii: "0")
                out[3] = UInt8(ascii: "0")
                out[4] = hexDigits.utf8Start[Int(byte >> 4)]
                out[5] = hexDigits.utf8Start[Int(byte & 0xF)]
                out += 6
                index &+= 1
            }
            runStart = index
            index = nextSpecial(base, from: index, count: count, escapingHTML: escapingHTML)
        }
        out.update(from: base + runStart, count: count &- runStart)
        out += count &- runStart
        out.pointee = 0x22
        out += 1
        output.count &+= out - start
    }
}

/// Number formatting for the writer, without going through String for integers.
enum JSONNumberFormatting {
    private static let digitPairs: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Appends `magnitude` in decimal, with a leading `-` when `negative`: the digits counted,
    /// their room reserved, then written in place from the last (two at a time). Through a
    /// scratch tuple, a closure and a copy it cost 230 instructions a number.
    static func appendInteger(_ magnitude: UInt64, negative: Bool, to output: inout JSONWriterBuffer) {
        var digits = 1
        var rest = magnitude
        while rest >= 10 {
            rest /= 10
            digits &+= 1
        }
        let length = negative ? digits &+ 1 : digits
        let out = output.reserve(length)
        if negative { out.pointee = UInt8(ascii: "-") }
        let pairs = digitPairs.utf8Start
        var index = length
        var value = magnitude
        while value >= 100 {
            let pair = Int(value % 100) &* 2
            value /= 100
            index &-= 2
            out[index] = pairs[pair]
            out[index &+ 1] = pairs[pair &+ 1]
        }
        if value >= 10 {
            out[index &- 2] = pairs[Int(value) &* 2]
            out[index &- 1] = pairs[Int(value) &* 2 &+ 1]
        } else {
            out[index &- 1] = UInt8(ascii: "0") &+ UInt8(value)
        }
        output.count &+= length
    }

    /// Appends a signed or unsigned integer.
    @inline(__always)
    static func appendInteger<Integer: BinaryInteger>(_ value: Integer, to output: inout JSONWriterBuffer) {
        appendInteger(UInt64(value.magnitude), negative: value < 0, to: &output)
    }

    /// Appends the shortest decimal that reads back as exactly `value`; `null` when it is not finite.
    static func appendDouble(_ value: Double, to output: inout JSONWriterBuffer) {
        guard value.isFinite else {
            output.append("null")
            return
        }
        // Swift's description is the shortest round-tripping form ("1.5", "1e-05", "-0.0"),
        // always within JSON's number grammar for finite values.
        var text = value.description
        text.withUTF8 { output.append(UnsafeRawBufferPointer($0)) }
    }
}
