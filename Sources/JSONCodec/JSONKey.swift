#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A member name as `readObject` hands it to its body: compared against literals without
/// allocating a String.
///
/// Names up to 32 bytes (nearly all) are held inline; longer ones in a shared array. Matching a
/// `switch` case such as `case "phone":` compares the length and then the bytes, so a decoder
/// costs no allocation per member. The value is safe to keep; `string` converts it.
public struct JSONKey: Sendable, Hashable, CustomStringConvertible {
    /// The first 32 bytes of the decoded name, zero-padded.
    @usableFromInline var inline: (UInt64, UInt64, UInt64, UInt64)
    /// The name's length in bytes (UTF-8, escapes decoded).
    @usableFromInline let count: Int
    /// The whole name when it is longer than 32 bytes (nil, so nothing to release, otherwise).
    @usableFromInline let long: LongName?

    /// The longest name held inline.
    @inlinable static var inlineCapacity: Int { 32 }

    /// Creates a key from decoded, valid UTF-8 bytes.
    @usableFromInline
    init(bytes: UnsafeRawBufferPointer) {
        inline = (0, 0, 0, 0)
        count = bytes.count
        if bytes.count <= Self.inlineCapacity {
            long = nil
            if let base = bytes.baseAddress, bytes.count > 0 {
                withUnsafeMutableBytes(of: &inline) { $0.baseAddress!.copyMemory(from: base, byteCount: bytes.count) }
            }
        } else {
            long = LongName(Array(bytes))
            withUnsafeMutableBytes(of: &inline) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<32])) }
        }
    }

    /// Creates a key from its words (zero-padded past `count`, which is at most 32).
    @inlinable @inline(__always)
    init(words inline: (UInt64, UInt64, UInt64, UInt64), count: Int) {
        self.inline = inline
        self.count = count
        long = nil
    }

    /// Creates a key from a name (for tests and generic code).
    public init(_ name: String) {
        var name = name
        self = name.withUTF8 { JSONKey(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The bytes of a name longer than the inline capacity (a class, so short keys carry only nil).
    @usableFromInline
    final class LongName: Sendable {
        @usableFromInline let bytes: [UInt8]
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }

    /// Calls `body` with the name's UTF-8 bytes.
    @inlinable
    public func withUTF8<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let long { return try long.bytes.withUnsafeBytes(body) }
        return try withUnsafeBytes(of: inline) { try body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    /// The name as a String.
    /// (A key only ever holds bytes the reader validated, so no second validation is needed.)
    public var string: String {
        withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return "" }
            return JSONReader.makeString(base.assumingMemoryBound(to: UInt8.self), count: bytes.count, isASCII: false)
        }
    }

    /// The name as a String.
    public var description: String { string }

    /// True when the name equals the literal: a length check, then a byte comparison.
    @inlinable
    public static func ~= (pattern: StaticString, key: JSONKey) -> Bool {
        key == pattern
    }

    /// True when the name equals the literal: the lengths first, then the bytes.
    ///
    /// Inlined into a decoder's `switch`, the literal's length is a constant, so a case costs a
    /// length comparison and, when that matches, a fixed-size `memcmp` the compiler turns into
    /// a word or two of loads and compares.
    @inlinable @inline(__always)
    public static func == (key: JSONKey, literal: StaticString) -> Bool {
        // A one-scalar literal may be stored as the scalar itself, without bytes to point at.
        guard literal.hasPointerRepresentation else { return key.matchesLongLiteral(literal) }
        let length = literal.utf8CodeUnitCount
        guard length == key.count else { return false }
        if length > inlineCapacity { return key.matchesLongLiteral(literal) }
        return withUnsafeBytes(of: key.inline) { memcmp($0.baseAddress!, literal.utf8Start, length) == 0 }
    }

    /// The comparison with a long or one-scalar literal (rare, not inlined).
    @usableFromInline
    func matchesLongLiteral(_ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { bytes in withUTF8 { $0.elementsEqual(UnsafeRawBufferPointer(bytes)) } }
    }

    /// True when the name equals `name` (lengths first: O(1) for native strings).
    @inlinable
    public static func == (key: JSONKey, name: String) -> Bool {
        let utf8 = name.utf8
        guard utf8.count == key.count else { return false }
        if let equal = utf8.withContiguousStorageIfAvailable({ other in
            key.withUTF8 { mine in mine.count == 0 || memcmp(mine.baseAddress!, other.baseAddress!, mine.count) == 0 }
        }) {
            return equal
        }
        return key.withUTF8 { $0.elementsEqual(utf8) }
    }

    /// True when both names have the same bytes.
    @inlinable
    public static func == (lhs: JSONKey, rhs: JSONKey) -> Bool {
        guard lhs.count == rhs.count, lhs.inline == rhs.inline else { return false }
        return lhs.count <= inlineCapacity || lhs.long?.bytes == rhs.long?.bytes
    }

    /// Hashes the name's bytes.
    public func hash(into hasher: inout Hasher) {
        withUTF8 { hasher.combine(bytes: $0) }
    }
}
