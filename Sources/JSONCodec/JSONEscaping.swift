/// String escaping for the writer: a 256-entry table says what each byte becomes, and an
/// eight-bytes-at-a-time scan copies the long runs that need nothing.
///
/// Always escaped: `"` and `\`, every control character U+0000–U+001F (`\b \f \n \r \t` by
/// name, the rest as `\u00XX`), and U+2028/U+2029 (valid in JSON but line terminators in
/// older JavaScript, so output stays safe to embed in a script). With `escapingHTML`, also
/// `<`, `>` and `&` (so `</script>` cannot appear). Everything else, Chinese included, is
/// written as raw UTF-8.
enum JSONEscaping {
    /// What a byte becomes: 0 itself, 1 "look further" (0xE2, the lead of U+2028/U+2029),
    /// `u` a `\u00XX` escape, any other letter or symbol a two-byte `\x` escape.
    static let table: [UInt8] = makeTable(html: false)
    /// The table with `<`, `>` and `&` escaped as well.
    static let htmlTable: [UInt8] = makeTable(html: true)

    private static func makeTable(html: Bool) -> [UInt8] {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in 0..<0x20 { table[byte] = UInt8(ascii: "u") }
        table[0x08] = UInt8(ascii: "b")
        table[0x09] = UInt8(ascii: "t")
        table[0x0A] = UInt8(ascii: "n")
        table[0x0C] = UInt8(ascii: "f")
        table[0x0D] = UInt8(ascii: "r")
        table[0x22] = UInt8(ascii: "\"")
        table[0x5C] = UInt8(ascii: "\\")
        table[0xE2] = 1
        if html {
            for byte in ["<", ">", "&"] { table[Int(UInt8(ascii: Unicode.Scalar(byte)!))] = UInt8(ascii: "u") }
        }
        return table
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    /// Appends `string` quoted and escaped.
    static func appendQuoted(_ string: String, escapingHTML: Bool = false, to output: inout [UInt8]) {
        var string = string
        string.withUTF8 { appendQuoted(UnsafeRawBufferPointer($0), escapingHTML: escapingHTML, to: &output) }
    }

    /// Appends the UTF-8 `bytes` quoted and escaped.
    static func appendQuoted(_ bytes: UnsafeRawBufferPointer, escapingHTML: Bool, to output: inout [UInt8]) {
        output.reserveCapacity(output.count + bytes.count + 2)
        output.append(UInt8(ascii: "\""))
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            output.append(UInt8(ascii: "\""))
            return
        }
        let count = bytes.count
        var runStart = 0
        var index = 0
        (escapingHTML ? htmlTable : table).withUnsafeBufferPointer { table in
            while index < count {
                if !escapingHTML {
                    // Skip eight bytes at a time while none is a quote, backslash, control or 0xE2.
                    while index &+ 8 <= count {
                        let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                        let specials = ByteMask.stringSpecials(word, includingNonASCII: false)
                            | ByteMask.zeroBytes(word ^ (ByteMask.ones &* 0xE2))
                        if specials != 0 { index &+= specials.trailingZeroBitCount &>> 3; break }
                        index &+= 8
                    }
                    guard index < count else { break }
                }
                let code = table[Int(base[index])]
                if code == 0 { index &+= 1; continue }
                if code == 1 {
                    // U+2028 is E2 80 A8, U+2029 is E2 80 A9.
                    guard index + 2 < count, base[index + 1] == 0x80, base[index + 2] & 0xFE == 0xA8 else { index &+= 1; continue }
                    output.append(contentsOf: UnsafeRawBufferPointer(start: base + runStart, count: index - runStart))
                    output.append(contentsOf: base[index + 2] == 0xA8 ? #"\u2028"#.utf8 : #"\u2029"#.utf8)
                    index += 3
                    runStart = index
                    continue
                }
                output.append(contentsOf: UnsafeRawBufferPointer(start: base + runStart, count: index - runStart))
                output.append(UInt8(ascii: "\\"))
                output.append(code)
                if code == UInt8(ascii: "u") {
                    let byte = base[index]
                    output.append(UInt8(ascii: "0"))
                    output.append(UInt8(ascii: "0"))
                    output.append(hexDigits.utf8Start[Int(byte >> 4)])
                    output.append(hexDigits.utf8Start[Int(byte & 0xF)])
                }
                index += 1
                runStart = index
            }
        }
        output.append(contentsOf: UnsafeRawBufferPointer(start: base + runStart, count: count - runStart))
        output.append(UInt8(ascii: "\""))
    }
}

/// Number formatting for the writer, without going through String for integers.
enum JSONNumberFormatting {
    private static let digitPairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Appends `magnitude` in decimal, with a leading `-` when `negative`.
    static func appendInteger(_ magnitude: UInt64, negative: Bool, to output: inout [UInt8]) {
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: 20 digits and a sign fit
        withUnsafeMutableBytes(of: &scratch) { raw in
            let pairs = digitPairs.utf8Start
            var index = 24
            var value = magnitude
            while value >= 100 {
                let pair = Int(value % 100) * 2
                value /= 100
                index -= 2
                raw[index] = pairs[pair]
                raw[index + 1] = pairs[pair + 1]
            }
            if value >= 10 {
                index -= 2
                raw[index] = pairs[Int(value) * 2]
                raw[index + 1] = pairs[Int(value) * 2 + 1]
            } else {
                index -= 1
                raw[index] = UInt8(ascii: "0") + UInt8(value)
            }
            if negative {
                index -= 1
                raw[index] = UInt8(ascii: "-")
            }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[index..<24]))
        }
    }

    /// Appends a signed integer.
    @inline(__always)
    static func appendInteger<Integer: BinaryInteger>(_ value: Integer, to output: inout [UInt8]) {
        appendInteger(UInt64(value.magnitude), negative: value < 0, to: &output)
    }

    /// Appends the shortest decimal that reads back as exactly `value`; `null` when it is not finite.
    static func appendDouble(_ value: Double, to output: inout [UInt8]) {
        guard value.isFinite else {
            output.append(contentsOf: "null".utf8)
            return
        }
        // Swift's description is the shortest round-tripping form ("1.5", "1e-05", "-0.0"),
        // always within JSON's number grammar for finite values.
        output.append(contentsOf: value.description.utf8)
    }
}
