#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Strings and member names: one scan finds the closing quote and checks escapes and control
/// characters, eight bytes at a time while nothing needs a closer look; strings without escapes
/// then become a String in one copy.
extension JSONReader {
    /// Reads a string.
    ///
    /// UTF-8 is checked by building the String (which validates anyway), not by the scan:
    /// `String(decoding:)` repairs malformed input, and a String whose bytes equal the input
    /// proves the input was well-formed. Strings under 16 bytes take a branch-free scan.
    public mutating func readString() throws -> String {
        skipWhitespace()
        guard position < end, base[position] == UInt8(ascii: "\"") else { throw mismatch(expected: .string) }
        #if _endian(little)
        let contentStart = position &+ 1
        if contentStart &+ 16 <= end {
            let raw = UnsafeRawPointer(base + contentStart)
            let first = raw.loadUnaligned(as: UInt64.self)
            let second = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            let specials = ByteMask.stringSpecials(first, includingNonASCII: false)
            let laterSpecials = ByteMask.stringSpecials(second, includingNonASCII: false)
            let count = (specials != 0 ? specials.trailingZeroBitCount : 64 &+ laterSpecials.trailingZeroBitCount) &>> 3
            if count < 16 && base[contentStart &+ count] == UInt8(ascii: "\"") && count <= limits.maximumStringBytes {
                position = contentStart &+ count &+ 1
                let (firstWord, secondWord) = Self.masked(first, second, count)
                let bytes = UnsafeBufferPointer(start: base + contentStart, count: count)
                let string = String(decoding: bytes, as: UTF8.self)
                if (firstWord | secondWord) & ByteMask.highs == 0 || Self.hasBytes(string, equalTo: bytes) { return string }
                throw invalidUTF8(in: contentStart..<(contentStart &+ count))
            }
        }
        #endif
        return try readStringSlowly()
    }

    /// `readString` for strings of 16 bytes or more, with escapes, or near the end of the input.
    @inline(never)
    private mutating func readStringSlowly() throws -> String {
        let content = try scanString(validatingUTF8: false)
        let count = content.upperBound - content.lowerBound
        if count == 0 { return "" }
        if !content.hasEscapes {
            let bytes = UnsafeBufferPointer(start: base + content.lowerBound, count: count)
            let string = String(decoding: bytes, as: UTF8.self)
            if content.isASCII || Self.hasBytes(string, equalTo: bytes) { return string }
            throw invalidUTF8(in: content.lowerBound..<content.upperBound)
        }
        // Decode into scratch (escapes never grow), build the String from it, and compare:
        // the same proof of well-formedness as above, with no second validation pass.
        let string = try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { scratch in
            let written = decodeEscapes(from: content.lowerBound, to: content.upperBound, into: scratch.baseAddress!)
            let decoded = UnsafeBufferPointer(rebasing: scratch[0..<written])
            let string = String(decoding: decoded, as: UTF8.self)
            guard Self.hasBytes(string, equalTo: decoded) else { throw invalidUTF8(in: content.lowerBound..<content.upperBound) }
            return string
        }
        return string
    }

    private static func hasBytes(_ string: String, equalTo bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var string = string
        return string.withUTF8 { utf8 in
            utf8.count == bytes.count && memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0
        }
    }

    /// Reads a string value into a ``JSONKey``, to match it against literals without allocating:
    /// for type tags and enum-like values (`switch try reader.readStringAsKey() { case "phone": ... }`).
    public mutating func readStringAsKey() throws -> JSONKey {
        skipWhitespace()
        guard position < end, base[position] == UInt8(ascii: "\"") else { throw mismatch(expected: .string) }
        return try readMemberName()
    }

    /// Reads a member name (the reader is at its opening quote).
    ///
    /// Fast path: an ASCII name of up to 31 bytes without escapes, far enough from the end to
    /// load whole words. The words the scan loads are the key's own words, and the closing
    /// quote is found without branching on the name's length (which varies member to member
    /// and would mispredict).
    @inlinable @inline(__always)
    mutating func readMemberName() throws -> JSONKey {
        #if _endian(little)
        let contentStart = position &+ 1
        if contentStart &+ 16 <= end && limits.maximumStringBytes >= 32 {
            let raw = UnsafeRawPointer(base + contentStart)
            let (first, second, count) = Self.scanTwoWords(raw)
            if count < 16 {
                if base[contentStart &+ count] == UInt8(ascii: "\"") {
                    let (firstWord, secondWord) = Self.masked(first, second, count)
                    position = contentStart &+ count &+ 1
                    return JSONKey(words: (firstWord, secondWord, 0, 0), count: count)
                }
            } else if contentStart &+ 32 <= end {
                let (third, fourth, later) = Self.scanTwoWords(raw + 16)
                if later < 16 && base[contentStart &+ 16 &+ later] == UInt8(ascii: "\"") {
                    let (thirdWord, fourthWord) = Self.masked(third, fourth, later)
                    position = contentStart &+ 16 &+ later &+ 1
                    return JSONKey(words: (first, second, thirdWord, fourthWord), count: 16 &+ later)
                }
            }
        }
        #endif
        return try readKeySlowly()
    }

    /// Loads 16 bytes and finds the first quote, backslash, control or non-ASCII byte among
    /// them: its index, or 16 if there is none.
    @inlinable @inline(__always)
    static func scanTwoWords(_ raw: UnsafeRawPointer) -> (UInt64, UInt64, Int) {
        let first = raw.loadUnaligned(as: UInt64.self)
        let second = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        let specials = ByteMask.stringSpecials(first, includingNonASCII: true)
        let laterSpecials = ByteMask.stringSpecials(second, includingNonASCII: true)
        let bit = specials != 0 ? specials.trailingZeroBitCount : 64 &+ laterSpecials.trailingZeroBitCount
        return (first, second, bit &>> 3)
    }

    /// The two words with every byte from index `count` (0...16) on cleared.
    @inlinable @inline(__always)
    static func masked(_ first: UInt64, _ second: UInt64, _ count: Int) -> (UInt64, UInt64) {
        let firstBits = UInt64(truncatingIfNeeded: min(count, 8) &* 8)
        let secondBits = UInt64(truncatingIfNeeded: max(count &- 8, 0) &* 8)
        return (firstBits == 64 ? first : first & ((1 &<< firstBits) &- 1),
                secondBits == 0 ? 0 : (secondBits == 64 ? second : second & ((1 &<< secondBits) &- 1)))
    }

    /// Reads a member name the general way: any length, escapes, non-ASCII.
    @usableFromInline @inline(never)
    mutating func readKeySlowly() throws -> JSONKey {
        let content = try scanString(validatingUTF8: true)
        let count = content.upperBound - content.lowerBound
        if !content.hasEscapes {
            return JSONKey(unsafeStart: base + content.lowerBound, count: count, readable: end - content.lowerBound)
        }
        let decoded = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = decodeEscapes(from: content.lowerBound, to: content.upperBound, into: buffer.baseAddress!)
        }
        return decoded.withUnsafeBytes { JSONKey(bytes: $0) }
    }

    /// Validates and skips a string (the reader is at its opening quote).
    mutating func skipString() throws {
        _ = try scanString(validatingUTF8: true)
    }

    /// The content between the quotes of the string starting at `position`, whether it holds
    /// escapes; leaves `position` after the closing quote.
    ///
    /// Escapes (including surrogate pairs) and control characters are always checked; UTF-8 only
    /// when `validatingUTF8`, so callers that hand the bytes to a validating String initializer
    /// do not check twice.
    @inline(__always)
    mutating func scanString(validatingUTF8: Bool) throws -> (lowerBound: Int, upperBound: Int, hasEscapes: Bool, isASCII: Bool) {
        let contentStart = position + 1
        var index = contentStart
        var hasEscapes = false
        var seen: UInt64 = 0  // the OR of every byte passed, to know whether all were ASCII
        while true {
            while index &+ 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let specials = ByteMask.stringSpecials(word, includingNonASCII: validatingUTF8)
                if specials == 0 {
                    seen |= word
                    index &+= 8
                    continue
                }
                let passed = specials.trailingZeroBitCount & ~7  // bits of the bytes before the special one
                seen |= word & ((1 &<< UInt64(passed)) &- 1)
                index &+= passed &>> 3
                break
            }
            guard index < end else {
                throw JSONError(.unexpectedEnd, at: end, detail: "the input ends inside a string that starts at byte \(position)")
            }
            let byte = base[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                index = try validateEscape(at: index)
            } else if byte < 0x20 {
                throw JSONError(.controlCharacter, at: index, detail: "a raw control character (U+00\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16, uppercase: true))) in a string; write it as an escape")
            } else if byte >= 0x80 && validatingUTF8 {
                seen |= 0x80
                repeat {
                    switch UTF8Validation.sequence(base, at: index, end: end) {
                    case .valid(let length): index &+= length
                    case .invalid(let offset): throw JSONError(.invalidUTF8, at: offset, detail: "malformed UTF-8 in a string")
                    case .truncated: throw JSONError(.unexpectedEnd, at: end, detail: "the input ends inside a UTF-8 sequence")
                    }
                } while index < end && base[index] >= 0x80
            } else {
                seen |= UInt64(byte)
                index &+= 1
            }
        }
        position = index + 1
        if index - contentStart > limits.maximumStringBytes {
            throw JSONError(.stringTooLong, at: contentStart - 1, detail: "a string of \(index - contentStart) bytes; the limit is \(limits.maximumStringBytes)")
        }
        return (contentStart, index, hasEscapes, seen & ByteMask.highs == 0)
    }

    /// Checks the escape whose backslash is at `index`; returns the offset after it.
    private func validateEscape(at index: Int) throws -> Int {
        guard index + 1 < end else { throw JSONError(.unexpectedEnd, at: end, detail: "the input ends inside an escape") }
        switch base[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index + 2
        case UInt8(ascii: "u"):
            let unit = try hexQuad(at: index + 2)
            if unit >= 0xDC00 && unit <= 0xDFFF {
                throw JSONError(.invalidSurrogate, at: index, detail: "\\u\(String(unit, radix: 16, uppercase: true)) is a low surrogate without a high one before it")
            }
            guard unit >= 0xD800 && unit <= 0xDBFF else { return index + 6 }
            guard index + 7 < end, base[index + 6] == UInt8(ascii: "\\"), base[index + 7] == UInt8(ascii: "u") else {
                throw JSONError(.invalidSurrogate, at: index, detail: "\\u\(String(unit, radix: 16, uppercase: true)) is a high surrogate not followed by a \\u low surrogate")
            }
            let low = try hexQuad(at: index + 8)
            guard low >= 0xDC00 && low <= 0xDFFF else {
                throw JSONError(.invalidSurrogate, at: index + 6, detail: "\\u\(String(low, radix: 16, uppercase: true)) does not complete the surrogate pair")
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
    private func decodeEscapes(from start: Int, to stop: Int, into output: UnsafeMutablePointer<UInt8>) -> Int {
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

    /// The error for malformed UTF-8 somewhere in `range`, pointing at the first bad byte.
    @inline(never)
    private func invalidUTF8(in range: Range<Int>) -> JSONError {
        let offset = UTF8Validation.firstInvalidOffset(base, from: range.lowerBound, to: range.upperBound) ?? range.lowerBound
        return JSONError(.invalidUTF8, at: offset, detail: "malformed UTF-8 in a string")
    }
}
