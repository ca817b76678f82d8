/// UTF-8 well-formedness (Unicode 15, table 3-7), one sequence at a time, for the scanners.
///
/// Refused: continuation bytes without a lead, C0/C1 (overlong two-byte forms), E0 80–9F
/// (overlong three-byte), ED A0–BF (UTF-16 surrogates encoded in UTF-8), F0 80–8F (overlong
/// four-byte), F4 90+ (above U+10FFFF), F5–FF, and sequences cut short.
enum UTF8Validation {
    /// The outcome of looking at one non-ASCII sequence.
    enum Sequence {
        /// A well-formed sequence of this many bytes (2...4).
        case valid(Int)
        /// Malformed; the offending byte is at the given offset.
        case invalid(Int)
        /// The input ends before the sequence does.
        case truncated
    }

    /// Checks the sequence whose lead byte (≥ 0x80) is at `index`.
    @inline(__always)
    static func sequence(_ base: UnsafePointer<UInt8>, at index: Int, end: Int) -> Sequence {
        let lead = base[index]
        // Fast path for the common case, CJK: E1–EC or EE–EF and two continuation bytes.
        if index &+ 2 < end, isCommonThreeByteLead(lead),
            base[index &+ 1] & 0xC0 == 0x80, base[index &+ 2] & 0xC0 == 0x80
        {
            return .valid(3)
        }
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upper = 0x9F
        case 0xF0:
            length = 4
            lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upper = 0x8F
        default: return .invalid(index)
        }
        guard index + 1 < end else { return .truncated }
        let second = base[index + 1]
        guard second >= lower && second <= upper else { return .invalid(index + 1) }
        if length == 2 { return .valid(2) }
        guard index + 2 < end else { return .truncated }
        guard base[index + 2] & 0xC0 == 0x80 else { return .invalid(index + 2) }
        if length == 3 { return .valid(3) }
        guard index + 3 < end else { return .truncated }
        guard base[index + 3] & 0xC0 == 0x80 else { return .invalid(index + 3) }
        return .valid(4)
    }

    /// Whether `lead` starts a three-byte sequence whose continuations may be any two of
    /// 80–BF (E1–EC and EE–EF: E0 and ED narrow the second byte).
    @inline(__always)
    static func isCommonThreeByteLead(_ lead: UInt8) -> Bool {
        lead &- 0xE1 < 0x0F && lead != 0xED
    }

    /// Where the run of common three-byte sequences (leads E1–EC and EE–EF, two continuation
    /// bytes: CJK text and its punctuation) starting at `index` ends, two sequences to an 8-byte
    /// load; `index` itself when there is none. Accepts only what `sequence` accepts, so a scanner
    /// calls it first and `sequence` for whatever follows. Chinese text checked one sequence at a
    /// time was 5 % of a replay's reading thread.
    @inline(__always)
    static func endOfCommonThreeByteRun(_ base: UnsafePointer<UInt8>, from index: Int, end: Int) -> Int {
        var index = index
        while index &+ 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            // Bytes 1, 2, 4 and 5 are continuation bytes (10xxxxxx); bytes 0 and 3 lead.
            guard word & 0x0000_C0C0_00C0_C000 == 0x0000_8080_0080_8000 else { break }
            let first = UInt8(truncatingIfNeeded: word)
            let second = UInt8(truncatingIfNeeded: word &>> 24)
            guard isCommonThreeByteLead(first), isCommonThreeByteLead(second) else { break }
            index &+= 6
        }
        return index
    }

    /// The offset of the first malformed byte in `base[start..<end]`, or nil if it is all valid UTF-8.
    static func firstInvalidOffset(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var index = start
        while index < end {
            if base[index] < 0x80 {
                index += 1
                continue
            }
            switch sequence(base, at: index, end: end) {
            case .valid(let length): index += length
            case .invalid(let offset): return offset
            case .truncated: return index
            }
        }
        return nil
    }

    /// True when `bytes` is entirely well-formed UTF-8.
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return firstInvalidOffset(base.assumingMemoryBound(to: UInt8.self), from: 0, to: bytes.count) == nil
    }
}

/// Word-at-a-time byte classification (SWAR) for the string scanners' fast path.
@usableFromInline
enum ByteMask {
    /// 0x01 in every byte.
    @inlinable static var ones: UInt64 { 0x0101_0101_0101_0101 }
    /// 0x80 in every byte.
    @inlinable static var highs: UInt64 { 0x8080_8080_8080_8080 }

    /// High bit set in (at least) the lowest byte of `word` equal to zero; higher flags may be false.
    @inlinable @inline(__always)
    static func zeroBytes(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highs }

    /// High bit set in the lowest byte of `word` that is a quote, a backslash or a control
    /// character, and in every byte ≥ 0x80 when `includingNonASCII`.
    @inlinable @inline(__always)
    static func stringSpecials(_ word: UInt64, includingNonASCII: Bool) -> UInt64 {
        let quotes = zeroBytes(word ^ (ones &* 0x22))
        let backslashes = zeroBytes(word ^ (ones &* 0x5C))
        let controls = (word &- ones &* 0x20) & ~word & highs
        let nonASCII = includingNonASCII ? word & highs : 0
        return quotes | backslashes | controls | nonASCII
    }
}
