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

    mutating func unsigned() -> UInt64? {
        let start = index
        var value: UInt64 = 0
        while index < bytes.count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return index > start ? value : nil
    }

    mutating func signed() -> Int64? {
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard let magnitude = unsigned(), magnitude <= UInt64(Int64.max) else { return nil }
        return negative ? -Int64(magnitude) : Int64(magnitude)
    }

    mutating func name() -> Range<Int>? {
        let start = index
        while index < bytes.count, RecordFormat.isNameByte(bytes[index]) { index += 1 }
        let count = index - start
        return count >= 1 && count <= RecordFormat.maximumNameLength ? start..<index : nil
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
        let ones: UInt64 = 0x0101_0101_0101_0101
        // '0'-'9' is 0x30-0x39 (the low nibble is the value); 'a'-'f' is 0x61-0x66 (the low nibble
        // plus 9, bit 6 tells). Every lane stays below 25, so no lane carries into the next here or below.
        let nibbles = (text & (0x0F * ones)) &+ ((text >> 6) & ones) &* 9
        // A lane above 15 (such as 'g') would write back as itself; 10...15 get 'a' - '0' - 10 more.
        let isLetter = ((nibbles &+ (0x76 * ones)) >> 7) & ones
        guard nibbles & (0xF0 * ones) == 0, nibbles &+ (0x30 * ones) &+ isLetter &* 0x27 == text else { return nil }
        // Pack the nibbles, first byte highest: pairs into bytes, bytes into halves, halves into the value.
        let bytePairs = (nibbles << 4 | nibbles >> 8) & 0x00FF_00FF_00FF_00FF
        let halves = (bytePairs << 8 | bytePairs >> 16) & 0x0000_FFFF_0000_FFFF
        index &+= 8
        return UInt32(truncatingIfNeeded: halves << 16 | halves >> 32)
    }
}
