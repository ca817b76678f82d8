/// Numbers: the RFC 8259 grammar (`-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`),
/// decoded straight into the requested type and range-checked there.
///
/// Integers accept only integer literals: `1.0` or `1e2` into an `Int` is `numberNotInteger`
/// (our writer never spells an integer that way, and accepting it would make `1.5` a rounding
/// question). Doubles must be finite: `1e400` is `numberOutOfRange`; `1e-400` rounds to zero as
/// IEEE 754 does. Conversion is exact (correctly rounded): short literals by one exact
/// multiplication, the rest by the C library's `strtod`.
extension JSONReader {
    /// Reads an integer that fits in `Int`.
    public mutating func readInt() throws -> Int { try readInteger(Int.self) }
    /// Reads an integer that fits in `Int64`.
    public mutating func readInt64() throws -> Int64 { try readInteger(Int64.self) }
    /// Reads an integer that fits in `Int32`.
    public mutating func readInt32() throws -> Int32 { try readInteger(Int32.self) }
    /// Reads an integer that fits in `UInt64`.
    public mutating func readUInt64() throws -> UInt64 { try readInteger(UInt64.self) }
    /// Reads an integer that fits in `UInt32`.
    public mutating func readUInt32() throws -> UInt32 { try readInteger(UInt32.self) }

    /// Reads an integer that fits in `type`.
    @inline(__always)
    public mutating func readInteger<Integer: FixedWidthInteger>(_ type: Integer.Type) throws -> Integer {
        skipWhitespace()
        let start = position
        let (magnitude, negative) = try readIntegerMagnitude()
        if negative {
            if magnitude == 0 { return 0 }
            if Integer.isSigned && magnitude <= UInt64(Integer.min.magnitude) {
                return Integer(truncatingIfNeeded: 0 &- magnitude)
            }
        } else if magnitude <= UInt64(Integer.max) {
            return Integer(truncatingIfNeeded: magnitude)
        }
        throw JSONError(.numberOutOfRange, at: start, detail: "\(negative ? "-" : "")\(magnitude) does not fit in \(Integer.self)")
    }

    /// Reads an integer literal's magnitude and sign; leaves `position` at its start on error.
    @inline(__always)
    mutating func readIntegerMagnitude() throws -> (magnitude: UInt64, negative: Bool) {
        skipWhitespace()
        let start = position
        var index = position
        let negative = index < end && base[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < end, case let first = base[index] &- UInt8(ascii: "0"), first < 10 else { throw numberError(at: start) }
        var magnitude = UInt64(first)
        index += 1
        if first == 0 {
            if index < end, base[index] &- UInt8(ascii: "0") < 10 { throw numberError(at: start) }
        } else {
            // Up to 19 digits cannot overflow: take them eight at a time while they come in
            // eights (a 13-digit millisecond time is one word and five bytes), then one by one,
            // checking the 20th.
            let digitsStart = index &- 1
            while index &+ 8 <= end, index &- digitsStart <= 11 {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                guard Self.isEightDigits(word) else { break }
                magnitude = magnitude &* 100_000_000 &+ Self.valueOfEightDigits(word)
                index &+= 8
            }
            let safeEnd = min(end, digitsStart &+ 19)
            while index < safeEnd, case let digit = base[index] &- UInt8(ascii: "0"), digit < 10 {
                magnitude = magnitude &* 10 &+ UInt64(digit)
                index &+= 1
            }
            while index < end, case let digit = base[index] &- UInt8(ascii: "0"), digit < 10 {
                let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
                if overflow1 || overflow2 {
                    _ = try scanNumber()
                    position = start
                    throw JSONError(.numberOutOfRange, at: start, detail: "the number does not fit in 64 bits")
                }
                magnitude = sum
                index += 1
            }
        }
        if index < end, case let next = base[index], next == UInt8(ascii: ".") || next | 0x20 == UInt8(ascii: "e") {
            _ = try scanNumber()  // report a malformed fraction as such, and a well-formed one as not an integer
            position = start
            throw JSONError(.numberNotInteger, at: start, detail: "expected an integer, found a number with a fraction or exponent")
        }
        if index - start > limits.maximumNumberBytes { throw numberTooLong(at: start, length: index - start) }
        position = index
        return (magnitude, negative)
    }

    /// Reads a finite number as the nearest Double.
    public mutating func readDouble() throws -> Double {
        skipWhitespace()
        let start = position
        let token = try scanNumber()
        // Clinger's fast path: an exact significand times an exact power of ten rounds once.
        if !token.isTruncated && token.significand <= 1 << 53 && token.exponent >= -22 && token.exponent <= 22 {
            let significand = Double(token.significand)
            let value = token.exponent < 0 ? significand / Self.powerOfTen(-token.exponent) : significand * Self.powerOfTen(token.exponent)
            return token.isNegative ? -value : value
        }
        let text = String(decoding: UnsafeRawBufferPointer(start: base + start, count: position - start), as: UTF8.self)
        guard let value = Double(text) else {
            throw JSONError(.invalidNumber, at: start, detail: "\(text) is not a number")
        }
        guard value.isFinite else {
            throw JSONError(.numberOutOfRange, at: start, detail: "\(text) is beyond the range of a Double")
        }
        return value
    }

    /// A scanned number literal: its significant digits (at most 19), decimal exponent and shape.
    struct NumberToken {
        var significand: UInt64 = 0
        var exponent = 0
        var isNegative = false
        var isInteger = true
        var isTruncated = false
    }

    /// Validates the number literal at `position` (after whitespace), moves past it and returns its parts.
    mutating func scanNumber() throws -> NumberToken {
        skipWhitespace()
        let start = position
        var index = position
        var token = NumberToken()
        var significand: UInt64 = 0
        var digits = 0  // significant digits kept in `significand` (at most 19)
        var exponent = 0
        if index < end && base[index] == UInt8(ascii: "-") {
            token.isNegative = true
            index += 1
        }
        guard index < end, case let first = base[index] &- UInt8(ascii: "0"), first < 10 else { throw numberError(at: start) }
        index += 1
        if first == 0 {
            if index < end, base[index] &- UInt8(ascii: "0") < 10 { throw numberError(at: start) }
        } else {
            significand = UInt64(first)
            digits = 1
            while digits <= 11, index &+ 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                guard Self.isEightDigits(word) else { break }
                significand = significand &* 100_000_000 &+ Self.valueOfEightDigits(word)
                digits &+= 8
                index &+= 8
            }
            while index < end, case let digit = base[index] &- UInt8(ascii: "0"), digit < 10 {
                if digits < 19 {
                    significand = significand &* 10 &+ UInt64(digit)
                    digits += 1
                } else {
                    exponent += 1  // a dropped integer digit still scales the value
                    if digit != 0 { token.isTruncated = true }
                }
                index += 1
            }
        }
        if index < end && base[index] == UInt8(ascii: ".") {
            token.isInteger = false
            index += 1
            guard index < end, base[index] &- UInt8(ascii: "0") < 10 else { throw numberError(at: start, badByte: index) }
            while index < end, case let digit = base[index] &- UInt8(ascii: "0"), digit < 10 {
                if digits < 19 {
                    significand = significand &* 10 &+ UInt64(digit)
                    if significand != 0 { digits += 1 }  // leading zeros of 0.000123 are not significant
                    exponent -= 1
                } else if digit != 0 {
                    token.isTruncated = true
                }
                index += 1
            }
        }
        if index < end && base[index] | 0x20 == UInt8(ascii: "e") {
            token.isInteger = false
            index += 1
            var exponentNegative = false
            if index < end && (base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-")) {
                exponentNegative = base[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < end, base[index] &- UInt8(ascii: "0") < 10 else { throw numberError(at: start, badByte: index) }
            var written = 0
            while index < end, case let digit = base[index] &- UInt8(ascii: "0"), digit < 10 {
                if written < 100_000 { written = written * 10 + Int(digit) }
                index += 1
            }
            exponent += exponentNegative ? -written : written
        }
        if index - start > limits.maximumNumberBytes { throw numberTooLong(at: start, length: index - start) }
        position = index
        token.significand = significand
        token.exponent = exponent
        return token
    }

    /// True when all eight bytes of `word` are ASCII digits.
    @inline(__always)
    static func isEightDigits(_ word: UInt64) -> Bool {
        (word & 0xF0F0_F0F0_F0F0_F0F0) | (((word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) &>> 4) == 0x3333_3333_3333_3333
    }

    /// The value of eight ASCII digits, the first in the lowest byte (three multiplications).
    @inline(__always)
    static func valueOfEightDigits(_ word: UInt64) -> UInt64 {
        // Note the parentheses: in Swift `&>>` binds tighter than `&*`.
        var value = ((word & 0x0F0F_0F0F_0F0F_0F0F) &* 2561) &>> 8
        value = ((value & 0x00FF_00FF_00FF_00FF) &* 6_553_601) &>> 16
        return ((value & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) &>> 32
    }

    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> Double {
        let powers:
            (
                Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double,
                Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double
            ) =
                (
                    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
                    1e17, 1e18, 1e19, 1e20, 1e21, 1e22
                )
        return withUnsafeBytes(of: powers) { $0.load(fromByteOffset: exponent * 8, as: Double.self) }
    }

    /// The error for a malformed number starting at `start` (or a non-number where one was required).
    @inline(never)
    private func numberError(at start: Int, badByte: Int? = nil) -> JSONError {
        if let badByte {
            if badByte >= end { return JSONError(.unexpectedEnd, at: end, detail: "the input ends inside a number") }
            return JSONError(
                .invalidNumber, at: badByte, detail: "a digit must follow '.', 'e' or the exponent's sign, found \(describeByte(at: badByte))")
        }
        var index = start
        let hasMinus = index < end && base[index] == UInt8(ascii: "-")
        if hasMinus { index += 1 }
        if index >= end { return JSONError(.unexpectedEnd, at: end, detail: "the input ends where a number should be") }
        if base[index] == UInt8(ascii: "0") {
            return JSONError(.invalidNumber, at: start, detail: "a number must not have a leading zero")
        }
        if hasMinus {
            return JSONError(.invalidNumber, at: index, detail: "a digit must follow '-', found \(describeByte(at: index))")
        }
        guard let found = JSONKind.starting(with: base[index]) else {
            return JSONError(.unexpectedByte, at: index, detail: "expected a number, found \(describeByte(at: index))")
        }
        return JSONError(.typeMismatch, at: start, detail: "expected a number, found \(found)")
    }

    private func numberTooLong(at start: Int, length: Int) -> JSONError {
        JSONError(.numberTooLong, at: start, detail: "a number literal of \(length) bytes; the limit is \(limits.maximumNumberBytes)")
    }
}
