#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Strings: one scan finds the closing quote and checks escapes and control characters, eight
/// bytes at a time while nothing needs a closer look; strings without escapes then become a
/// String in one copy.
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

    /// The error for malformed UTF-8 somewhere in `range`, pointing at the first bad byte.
    @inline(never)
    private func invalidUTF8(in range: Range<Int>) -> JSONError {
        let offset = UTF8Validation.firstInvalidOffset(base, from: range.lowerBound, to: range.upperBound) ?? range.lowerBound
        return JSONError(.invalidUTF8, at: offset, detail: "malformed UTF-8 in a string")
    }
}
