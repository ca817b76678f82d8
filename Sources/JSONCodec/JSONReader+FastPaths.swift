#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fast paths: a decoder may first try the exact bytes its own writer produces, literal by
/// literal, and fall back to the general reading (`readObject` and friends) on anything else.
///
/// A small object read the general way pays for the loop's bookkeeping (duplicate names,
/// member counts, nesting) on every member: 417 instructions for an event's
/// `{"id":"web","role":"intake"}`, in every event of a replay. Matching its fixed parts as
/// literals costs a compare each. The result is the same either way: a fast path accepts only
/// input the general path accepts identically, and gives up (nil, or any error) where it
/// could differ, so every error still comes from the general path, with its path and offset.
extension JSONReader {
    /// Reads a value with `fast`, or, when `fast` gives up (returns nil or throws), from the
    /// same position with `general`.
    ///
    /// `fast` may read one object of a few scalar members (the limits are checked to allow
    /// that much before it runs); it uses `skip(_:)` for the fixed parts and the ordinary
    /// readers for the values.
    @inlinable @inline(__always)
    public mutating func read<Value>(
        fast: (inout JSONReader) throws -> Value?, general: (inout JSONReader) throws -> Value
    ) throws -> Value {
        let start = position
        let level = depth
        if depth < limits.maximumDepth && limits.maximumObjectMembers >= Self.fastPathMembers {
            if let value = try? fast(&self) { return value }
            position = start
            depth = level
        }
        return try general(&self)
    }

    /// The most members a fast path may read in one object (`read(fast:general:)`).
    @inlinable static var fastPathMembers: Int { 8 }

    /// Consumes `literal` if the input continues with exactly its bytes; no whitespace is
    /// skipped. For fast paths (`read(fast:general:)`).
    @inlinable @inline(__always)
    public mutating func skip(_ literal: StaticString) -> Bool {
        // A one-scalar literal may be stored as the scalar itself, with no bytes to point at.
        guard literal.hasPointerRepresentation else {
            let scalar = literal.unicodeScalar.value
            guard scalar < 0x80, position < end, UInt32(base[position]) == scalar else { return false }
            position &+= 1
            return true
        }
        let count = literal.utf8CodeUnitCount
        guard end &- position >= count, memcmp(base + position, literal.utf8Start, count) == 0 else { return false }
        position &+= count
        return true
    }
}
