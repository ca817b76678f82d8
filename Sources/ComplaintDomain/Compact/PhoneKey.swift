/// How an owner's phone number is kept in a compact record: the digits only (so "138-0013-8000"
/// and "13800138000" are the same owner), as a hash for equality and the last four digits for
/// search by tail.
public enum PhoneKey {
    /// The tail of a number with fewer than four digits.
    public static let noTail: UInt16 = 0xFFFF

    /// The ASCII digits of `phone`, in order (full-width digits count too).
    public static func digits(_ phone: String) -> [UInt8] {
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        for scalar in phone.unicodeScalars {
            if let digit = digit(scalar) { digits.append(digit) }
        }
        return digits
    }

    /// The value of an ASCII or full-width digit; nil for anything else.
    private static func digit(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.value {
        case 0x30...0x39: return UInt8(scalar.value - 0x30)
        case 0xFF10...0xFF19: return UInt8(scalar.value - 0xFF10)
        default: return nil
        }
    }

    /// FNV-1a's offset basis and one step of it over a digit (shifted by one, so 0 counts).
    private static let basis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static func mix(_ hash: UInt64, _ digit: UInt8) -> UInt64 {
        (hash ^ (UInt64(digit) &+ 1)) &* 0x100_0000_01b3
    }

    /// FNV-1a over the digits: equal digits, equal hash; 0 only for no digits.
    public static func hash(_ phone: String) -> UInt64 {
        key(phone).hash
    }

    /// `hash` and `tail` of `phone` in one pass over its scalars, with no array of digits (every
    /// registration makes one: an allocation per complaint replayed).
    public static func key(_ phone: String) -> (hash: UInt64, tail: UInt16) {
        var hash = basis
        var count = 0
        var lastFour = 0
        for scalar in phone.unicodeScalars {
            guard let digit = digit(scalar) else { continue }
            hash = mix(hash, digit)
            count += 1
            lastFour = (lastFour * 10 + Int(digit)) % 10_000
        }
        guard count > 0 else { return (0, noTail) }
        return (hash | 1, count >= 4 ? UInt16(lastFour) : noTail)
    }

    /// FNV-1a over already extracted digits.
    public static func hash(digits: [UInt8]) -> UInt64 {
        guard !digits.isEmpty else { return 0 }
        return digits.reduce(basis, mix) | 1
    }

    /// The last four digits as a number (0...9999), or `noTail`.
    public static func tail(_ phone: String) -> UInt16 {
        key(phone).tail
    }

    /// The last four of already extracted digits.
    public static func tail(digits: [UInt8]) -> UInt16 {
        guard digits.count >= 4 else { return noTail }
        var value: UInt16 = 0
        for digit in digits.suffix(4) { value = value * 10 + UInt16(digit) }
        return value
    }
}
