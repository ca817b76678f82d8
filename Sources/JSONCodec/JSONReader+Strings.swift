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
    /// The scan validates the UTF-8 itself (it must anyway, for strings that are skipped), so
    /// the String is made from bytes already known to be well-formed, without the standard
    /// library checking them a second time (`UTF8Span(unchecked:)`). Strings under 16 bytes
    /// take a branch-free scan.
    public mutating func readString() throws -> String {
        skipWhitespace()
        guard position < end, base[position] == UInt8(ascii: "\"") else { throw mismatch(expected: .string) }
        #if _endian(little)
            let contentStart = position &+ 1
            if contentStart &+ 16 <= end {
                let raw = UnsafeRawPointer(base + contentStart)
                let first = raw.loadUnaligned(as: UInt64.self)
                let second = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                let specials = ByteMask.stringSpecials(first, includingNonASCII: true)
                let laterSpecials = ByteMask.stringSpecials(second, includingNonASCII: true)
                let count = (specials != 0 ? specials.trailingZeroBitCount : 64 &+ laterSpecials.trailingZeroBitCount) &>> 3
                // An ASCII string under 16 bytes: nothing to validate.
                if count < 16 && base[contentStart &+ count] == UInt8(ascii: "\"") && count <= limits.maximumStringBytes {
                    position = contentStart &+ count &+ 1
                    return Self.makeString(base + contentStart, count: count, isASCII: true)
                }
            }
        #endif
        return try readStringSlowly()
    }

    /// `readString` for long or non-ASCII strings, strings with escapes, or near the end of the input.
    @inline(never)
    private mutating func readStringSlowly() throws -> String {
        let content = try scanString(validatingUTF8: true)
        let count = content.upperBound - content.lowerBound
        if count == 0 { return "" }
        if !content.hasEscapes {
            return Self.makeString(base + content.lowerBound, count: count, isASCII: content.isASCII)
        }
        // Escapes never grow: decode into scratch of the raw length, then make the String. The
        // raw bytes were validated by the scan and every escape decodes to a whole scalar.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { scratch in
            let written = decodeEscapes(from: content.lowerBound, to: content.upperBound, into: scratch.baseAddress!)
            return Self.makeString(scratch.baseAddress!, count: written, isASCII: false)
        }
    }

    /// A String of `count` bytes of well-formed UTF-8 (the caller has validated them).
    @inline(__always)
    static func makeString(_ start: UnsafePointer<UInt8>, count: Int, isASCII: Bool) -> String {
        let bytes = UnsafeBufferPointer(start: start, count: count)
        return String(copying: unsafe UTF8Span(unchecked: bytes.span, isKnownASCII: isASCII))
    }

    /// Validates the string at the reader's position as `readString` would (UTF-8, escapes, size
    /// limit) and moves past it without making it: for a reader that does not need its text.
    public mutating func skipString() throws {
        skipWhitespace()
        guard position < end, base[position] == UInt8(ascii: "\"") else { throw mismatch(expected: .string) }
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
                throw JSONError(
                    .controlCharacter, at: index,
                    detail:
                        "a raw control character (U+00\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16, uppercase: true))) in a string; write it as an escape"
                )
            } else if byte >= 0x80 && validatingUTF8 {
                seen |= 0x80
                repeat {
                    index = UTF8Validation.endOfCommonThreeByteRun(base, from: index, end: end)
                    guard index < end, base[index] >= 0x80 else { break }
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
            throw JSONError(
                .stringTooLong, at: contentStart - 1, detail: "a string of \(index - contentStart) bytes; the limit is \(limits.maximumStringBytes)")
        }
        return (contentStart, index, hasEscapes, seen & ByteMask.highs == 0)
    }
}
