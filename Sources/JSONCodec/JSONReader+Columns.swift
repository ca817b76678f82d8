/// Columns of numbers: a snapshot holds millions of unsigned integers in arrays, read in bulk
/// with the common spelling taken first (`readPlainUnsigned`) and everything else left to the
/// general number reader (`JSONReader+Numbers.swift`), so both accept and refuse the same.
extension JSONReader {
    /// Reads an array of integers that fit in `UInt64`, appending them to `values`: what
    /// `readArray { values.append(try $0.readUInt64()) }` does, as one loop with the number
    /// reader inlined and the values gathered in a small buffer first (appending one by one
    /// costs a uniqueness check each; snapshots hold columns of millions of numbers).
    public mutating func readUInt64Array(into values: inout [UInt64]) throws {
        guard try openContainer(UInt8(ascii: "["), closing: UInt8(ascii: "]"), kind: .array) else { return }
        try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 256) { buffer in
            var index = 0
            var filled = 0
            // However it ends, what was read is in `values`, as it would be element by element.
            defer { values.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<filled])) }
            repeat {
                if index >= limits.maximumArrayElements { throw tooManyElements() }
                do {
                    buffer[filled] = try readPlainUnsigned() ?? readInteger(UInt64.self)
                } catch var error as JSONError {
                    error.path.prepend(.index(index))
                    throw error
                }
                index &+= 1
                filled &+= 1
                if filled == buffer.count {
                    values.append(contentsOf: buffer)
                    filled = 0
                }
            } while try continueContainer(closing: UInt8(ascii: "]"))
        }
        depth &-= 1
    }

    /// The integer at `position` when it is spelled as our writers spell a column's numbers: a
    /// lone `0`, or 1 to 20 digits without a leading zero that fit in 64 bits, followed at once
    /// by `,` or `]`. Moves past it. Anything else (whitespace, a sign, a fraction or exponent,
    /// more digits, the end of the input, a number longer than the limit) answers nil and moves
    /// nowhere: `readInteger` then reads it or refuses it with its error. Skipping that reader's
    /// checks for the common spelling made snapshot columns, millions of numbers, cheaper to read.
    @inline(__always)
    mutating func readPlainUnsigned() -> UInt64? {
        let start = position
        var index = start
        var value: UInt64 = 0
        if start &+ 8 <= end {
            // Up to eight digits at once: where the first byte that is not a digit lies in the
            // word gives the length, and the digits shifted to the word's top read as a number
            // with leading zeros (the zero bytes below them count as "0" digits).
            let word = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
            let count = Self.leadingDigitCount(word)
            guard count > 0, count == 1 || word & 0xFF != UInt64(UInt8(ascii: "0")) else { return nil }
            if count < 8 {
                let next = UInt8(truncatingIfNeeded: word &>> UInt64(count &* 8))
                guard next == UInt8(ascii: ",") || next == UInt8(ascii: "]"), count <= limits.maximumNumberBytes else { return nil }
                position = start &+ count
                return Self.valueOfEightDigits(word &<< UInt64((8 &- count) &* 8))
            }
            value = Self.valueOfEightDigits(word)
            index = start &+ 8
            if index &+ 8 <= end {
                let second = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                if Self.isEightDigits(second) {
                    value = value &* 100_000_000 &+ Self.valueOfEightDigits(second)
                    index &+= 8
                }
            }
        } else {
            guard start < end, case let first = base[start] &- UInt8(ascii: "0"), first < 10 else { return nil }
            value = UInt64(first)
            index = start &+ 1
            if first == 0 {
                guard index < end, base[index] == UInt8(ascii: ",") || base[index] == UInt8(ascii: "]") else { return nil }
                position = index
                return 0
            }
        }
        // One by one up to 19 digits, which cannot overflow; a 20th is checked.
        let limit = min(end, start &+ 19)
        while index < limit, case let digit = base[index] &- UInt8(ascii: "0"), digit < 10 {
            value = value &* 10 &+ UInt64(digit)
            index &+= 1
        }
        if index == start &+ 19, index < end, case let digit = base[index] &- UInt8(ascii: "0"), digit < 10 {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index &+= 1
        }
        guard index < end, case let next = base[index], next == UInt8(ascii: ",") || next == UInt8(ascii: "]"),
            index &- start <= limits.maximumNumberBytes
        else { return nil }
        position = index
        return value
    }

    /// How many of the word's bytes, from the lowest, are ASCII digits before the first that is
    /// not (8: all are). Exact for the first non-digit: a borrow or carry only travels upwards.
    @inline(__always)
    static func leadingDigitCount(_ word: UInt64) -> Int {
        let below = (word &- 0x3030_3030_3030_3030) & ~word
        let above = word &+ 0x4646_4646_4646_4646
        let nonDigits = (below | above | word) & 0x8080_8080_8080_8080
        return nonDigits.trailingZeroBitCount &>> 3
    }
}
