/// Member names (and string values matched like names): read into a ``JSONKey`` without a
/// String, from the same words the scan loads.
extension JSONReader {
    /// Reads a string value into a ``JSONKey``, to match it against literals without allocating:
    /// for type tags and enum-like values (`switch try reader.readStringAsKey() { case "phone": ... }`).
    /// Inlined: a replay reads one or more in every event (an event's type, its actor's role).
    @inlinable
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
        return (
            firstBits == 64 ? first : first & ((1 &<< firstBits) &- 1),
            secondBits == 0 ? 0 : (secondBits == 64 ? second : second & ((1 &<< secondBits) &- 1))
        )
    }

    /// Reads a member name the general way: any length, escapes, non-ASCII.
    @usableFromInline @inline(never)
    mutating func readKeySlowly() throws -> JSONKey {
        let content = try scanString(validatingUTF8: true)
        let count = content.upperBound - content.lowerBound
        if !content.hasEscapes {
            return JSONKey(bytes: UnsafeRawBufferPointer(start: base + content.lowerBound, count: count))
        }
        let decoded = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = decodeEscapes(from: content.lowerBound, to: content.upperBound, into: buffer.baseAddress!)
        }
        return decoded.withUnsafeBytes { JSONKey(bytes: $0) }
    }
}
