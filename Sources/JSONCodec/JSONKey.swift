#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A member name as `readObject` hands it to its body: compared against literals without
/// allocating a String.
///
/// Names up to 32 bytes (nearly all) are held inline; longer ones in an array. Matching a
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

    /// Creates a key from `count` bytes at `start`, loading whole words when `readable` bytes
    /// (≥ 32) may be read there: the reader's common case, with no call to memcpy.
    @inline(__always)
    init(unsafeStart start: UnsafePointer<UInt8>, count: Int, readable: Int) {
        #if _endian(little)
        let wordsFit = count <= Self.inlineCapacity && readable >= Self.inlineCapacity
        #else
        let wordsFit = false  // the masks below assume the first byte is the low one
        #endif
        guard wordsFit else {
            self.init(bytes: UnsafeRawBufferPointer(start: start, count: count))
            return
        }
        let raw = UnsafeRawPointer(start)
        @inline(__always) func word(_ index: Int) -> UInt64 {
            let valid = count - index * 8
            if valid <= 0 { return 0 }
            let loaded = raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)
            return valid >= 8 ? loaded : loaded & ((1 &<< UInt64(valid * 8)) &- 1)
        }
        self.init(words: (word(0), word(1), word(2), word(3)), count: count)
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
    public var string: String { withUTF8 { String(decoding: $0, as: UTF8.self) } }

    /// The name as a String.
    public var description: String { string }

    /// True when the name equals the literal: a length check, then a byte comparison.
    @inlinable
    public static func ~= (pattern: StaticString, key: JSONKey) -> Bool {
        key == pattern
    }

    /// True when the name equals the literal.
    @inlinable
    public static func == (key: JSONKey, literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard length == key.count else { return false }
        if length > inlineCapacity {
            return key.long?.bytes.withUnsafeBytes { memcmp($0.baseAddress!, literal.utf8Start, length) == 0 } ?? false
        }
        return withUnsafeBytes(of: key.inline) { memcmp($0.baseAddress!, literal.utf8Start, length) == 0 }
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
