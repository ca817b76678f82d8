#if canImport(Glibc)
    import Glibc
#endif

/// A forward-only cursor over a line's bytes for fixed-order JSON prefixes (log lines, snapshot headers).
///
/// Every replayed line goes through it: the literals are `StaticString`s compared with one
/// `memcmp` of a constant length (arrays in globals cost a lazy-initialisation check and a
/// bounds-checked loop each, 5 % of the replay's reading thread).
struct ByteScanner {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Whether `literal` (of several bytes: a one-byte literal may not be stored as bytes) comes
    /// next, without consuming it.
    @inline(__always)
    func peek(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count &- index >= count, let base = bytes.baseAddress else { return false }
        return memcmp(base + index, literal.utf8Start, count) == 0
    }

    /// Consumes `literal` (of several bytes) if it comes next.
    @inline(__always)
    mutating func expect(_ literal: StaticString) -> Bool {
        guard peek(literal) else { return false }
        index &+= literal.utf8CodeUnitCount
        return true
    }

    /// Consumes `byte` if it comes next.
    @inline(__always)
    mutating func expect(byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index &+= 1
        return true
    }

    /// Consumes a run of decimal digits (leading zeros allowed); nil if there is none or its value
    /// exceeds `UInt64.max`.
    ///
    /// Every line holds five numbers (about 30 digits), so the digits are read 8 at a time where
    /// 8 bytes are left, without overflow checks: up to 19 digits cannot overflow, and only a
    /// longer run, which no writer produces, is read again with them.
    @inline(__always)
    mutating func unsigned() -> UInt64? {
        let start = index
        var value: UInt64 = 0
        while bytes.count &- index >= 8, let base = bytes.baseAddress {
            // Byte i of the text is byte i of the word, counted from the low end.
            let digits = UInt64(littleEndian: (base + index).loadUnaligned(as: UInt64.self)) ^ (0x30 * Self.ones)
            let count = Self.leadingDigitCount(digits)
            guard count > 0 else { break }
            // Moving the digits to the top of the word puts zeros, leading ones, below them.
            value = value &* Self.powerOfTen(count) &+ Self.decimalValue(digits << (64 &- 8 &* count))
            index &+= count
            guard count == 8 else { break }
        }
        // The last few bytes of a line, one at a time (if the run has not ended already).
        while index < bytes.count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
            value = value &* 10 &+ UInt64(digit)
            index &+= 1
        }
        guard index > start else { return nil }
        return index &- start <= 19 ? value : Self.checkedValue(ofDigits: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
    }

    /// A word with bit 0 of each byte set: times `b`, a word with every byte `b`.
    private static var ones: UInt64 { 0x0101_0101_0101_0101 }

    /// How many bytes of `digits` (the text's bytes xor '0', first byte lowest) are 0...9 before
    /// the first that is not.
    @inline(__always)
    private static func leadingDigitCount(_ digits: UInt64) -> Int {
        // Bit 7 of a byte is set if the byte is 128 or more, or if adding 0x76 to it reaches 128:
        // 10 or more. Adding to 7-bit bytes never carries into the next.
        let notDigit = ((digits & (0x7F * ones)) &+ (0x76 * ones) | digits) & (0x80 * ones)
        return notDigit.trailingZeroBitCount / 8
    }

    /// The value of 8 digits (0...9, one a byte, first byte lowest and most significant).
    @inline(__always)
    private static func decimalValue(_ digits: UInt64) -> UInt64 {
        // Pairs of digits into 16-bit lanes, pairs of those into 32-bit lanes, then the two halves.
        let pairs = (digits &* 10 &+ digits >> 8) & 0x00FF_00FF_00FF_00FF
        let quads = (pairs &* 100 &+ pairs >> 16) & 0x0000_FFFF_0000_FFFF
        return (quads &* 10_000 &+ quads >> 32) & 0xFFFF_FFFF
    }

    /// 10 to the power `exponent`, for 0...8.
    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        default: 100_000_000
        }
    }

    /// The value of `digits` (decimal digits only), or nil if it exceeds `UInt64.max`.
    private static func checkedValue(ofDigits digits: UnsafeRawBufferPointer) -> UInt64? {
        var value: UInt64 = 0
        for byte in digits {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte &- UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    mutating func signed() -> Int64? {
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard let magnitude = unsigned(), magnitude <= UInt64(Int64.max) else { return nil }
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }

    /// Consumes a run of name bytes (`RecordFormat.isNameByte`): the range of a 1...128-byte
    /// `type` or `stream`, or nil.
    ///
    /// The two names are some 30 bytes a line, so they are classified 8 at a time where 8 bytes
    /// are left; the last few bytes of a line go one at a time.
    @inline(__always)
    mutating func name() -> Range<Int>? {
        let start = index
        while bytes.count &- index >= 8, let base = bytes.baseAddress {
            let word = UInt64(littleEndian: (base + index).loadUnaligned(as: UInt64.self))
            let count = Self.nonNameBytes(word).trailingZeroBitCount / 8
            index &+= count
            guard count == 8 else { return nameRange(from: start) }
        }
        while index < bytes.count, RecordFormat.isNameByte(bytes[index]) { index &+= 1 }
        return nameRange(from: start)
    }

    /// The name that ends here and began at `start`, if its length is allowed.
    @inline(__always)
    private func nameRange(from start: Int) -> Range<Int>? {
        let count = index &- start
        return count >= 1 && count <= RecordFormat.maximumNameLength ? start..<index : nil
    }

    /// Bit 7 of each byte set where that byte of `word` is not a name byte, `[A-Za-z0-9._:-]`.
    @inline(__always)
    private static func nonNameBytes(_ word: UInt64) -> UInt64 {
        let ascii = word & (0x7F * ones)
        let isPunctuationOrDigit =
            bytes(of: ascii, in: UInt8(ascii: "-")...UInt8(ascii: ":")) & ~bytes(of: ascii, in: UInt8(ascii: "/")...UInt8(ascii: "/"))
        // Setting bit 5 makes capitals small and moves no other byte into a...z.
        let isLetter = bytes(of: ascii | (0x20 * ones), in: UInt8(ascii: "a")...UInt8(ascii: "z"))
        let isUnderscore = bytes(of: ascii, in: UInt8(ascii: "_")...UInt8(ascii: "_"))
        // A byte of 128 or more is none of them.
        return (~(isPunctuationOrDigit | isLetter | isUnderscore) | word) & (0x80 * ones)
    }

    /// Bit 7 of each byte set where that byte of `word` (every byte below 128) lies in `range`.
    @inline(__always)
    private static func bytes(of word: UInt64, in range: ClosedRange<UInt8>) -> UInt64 {
        // A 7-bit byte plus 0x80 - lower reaches 128 if it is lower or more; plus 0x7F - upper, if it
        // is above upper. Neither sum passes 255, so no byte carries into the next.
        let atLeastLower = word &+ UInt64(0x80 &- range.lowerBound) &* ones
        let aboveUpper = word &+ UInt64(0x7F &- range.upperBound) &* ones
        return atLeastLower & ~aboveUpper & (0x80 * ones)
    }

    /// Consumes 8 lowercase hex digits as a big-endian value.
    ///
    /// All eight at once in one word: each byte is read as the nibble it would be if it were a hex
    /// digit, and those nibbles are written back as lowercase hex; the word comes back unchanged
    /// only if every byte was `0-9` or `a-f`.
    mutating func hex32() -> UInt32? {
        guard bytes.count &- index >= 8, let base = bytes.baseAddress else { return nil }
        // Byte i of the text is byte i of the word, counted from the low end.
        let text = UInt64(littleEndian: (base + index).loadUnaligned(as: UInt64.self))
        // '0'-'9' is 0x30-0x39 (the low nibble is the value); 'a'-'f' is 0x61-0x66 (the low nibble
        // plus 9, bit 6 tells). Every lane stays below 25, so no lane carries into the next here or below.
        let nibbles = (text & (0x0F * Self.ones)) &+ ((text >> 6) & Self.ones) &* 9
        // A lane above 15 (such as 'g') would write back as itself; 10...15 get 'a' - '0' - 10 more.
        let isLetter = ((nibbles &+ (0x76 * Self.ones)) >> 7) & Self.ones
        guard nibbles & (0xF0 * Self.ones) == 0, nibbles &+ (0x30 * Self.ones) &+ isLetter &* 0x27 == text else { return nil }
        // Pack the nibbles, first byte highest: pairs into bytes, bytes into halves, halves into the value.
        let bytePairs = (nibbles << 4 | nibbles >> 8) & 0x00FF_00FF_00FF_00FF
        let halves = (bytePairs << 8 | bytePairs >> 16) & 0x0000_FFFF_0000_FFFF
        index &+= 8
        return UInt32(truncatingIfNeeded: halves << 16 | halves >> 32)
    }
}
