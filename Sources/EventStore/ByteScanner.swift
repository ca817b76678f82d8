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

    mutating func hex32() -> UInt32? {
        guard bytes.count - index >= 8 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<8 {
            let byte = bytes[index]
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt32(nibble)
            index += 1
        }
        return value
    }
}
