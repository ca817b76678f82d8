/// Objects and arrays: the loops that hand members and elements to a decoder's closure,
/// with the punctuation, the limits, duplicate names and error paths handled here once.
extension JSONReader {
    /// Reads an object, calling `body` with each member's name while the reader is at its value.
    ///
    /// `body` reads the value (or not: a value it leaves unread is validated and skipped, so
    /// unknown members need no `default:` work). Duplicate names are refused with `duplicateKey`,
    /// even when `body` ignores them. An error from inside a member gets the member's name
    /// prepended to its path.
    public mutating func readObject(_ body: (JSONKey, inout JSONReader) throws -> Void) throws {
        skipWhitespace()
        guard position < end, base[position] == UInt8(ascii: "{") else { throw mismatch(expected: .object) }
        try enterContainer()
        position += 1
        skipWhitespace()
        if position < end, base[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return
        }
        try withUnsafeTemporaryAllocation(of: KeySet.Entry.self, capacity: KeySet.inlineCapacity) { storage in
            var seen = KeySet(storage: storage)
            var members = 0
            while true {
                guard position < end else { throw unexpectedEnd(expecting: "a member name") }
                guard base[position] == UInt8(ascii: "\"") else {
                    throw JSONError(.unexpectedByte, at: position, detail: "expected a member name in double quotes, found \(describeByte(at: position))")
                }
                let keyOffset = position
                let key = try readKey()
                members += 1
                if members > limits.maximumObjectMembers {
                    throw JSONError(.tooManyMembers, at: keyOffset, detail: "the object has more than \(limits.maximumObjectMembers) members")
                }
                if !seen.insert(key) {
                    throw JSONError(.duplicateKey, at: keyOffset, path: [.key(key.string)], detail: "the member \"\(key.string)\" appears twice in one object")
                }
                skipWhitespace()
                guard position < end, base[position] == UInt8(ascii: ":") else {
                    if position >= end { throw unexpectedEnd(expecting: "':'") }
                    throw JSONError(.unexpectedByte, at: position, detail: "expected ':' after the member name, found \(describeByte(at: position))")
                }
                position += 1
                skipWhitespace()
                let valueStart = position
                do {
                    try body(key, &self)
                    if position == valueStart { try skipValue() }
                } catch var error as JSONError {
                    error.path.prepend(.key(key.string))
                    throw error
                }
                skipWhitespace()
                guard position < end else { throw unexpectedEnd(expecting: "',' or '}'") }
                let byte = base[position]
                if byte == UInt8(ascii: "}") { position += 1; break }
                guard byte == UInt8(ascii: ",") else {
                    throw JSONError(.unexpectedByte, at: position, detail: "expected ',' or '}' after a member, found \(describeByte(at: position))")
                }
                position += 1
                skipWhitespace()
                if position < end, base[position] == UInt8(ascii: "}") {
                    throw JSONError(.trailingComma, at: position - 1, detail: "a comma before '}' (trailing commas are not JSON)")
                }
            }
        }
        depth -= 1
    }

    /// Reads an array, calling `body` once per element while the reader is at it.
    ///
    /// An element `body` leaves unread is validated and skipped. An error from inside an element
    /// gets the element's index prepended to its path.
    public mutating func readArray(_ body: (inout JSONReader) throws -> Void) throws {
        skipWhitespace()
        guard position < end, base[position] == UInt8(ascii: "[") else { throw mismatch(expected: .array) }
        try enterContainer()
        position += 1
        skipWhitespace()
        if position < end, base[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return
        }
        var index = 0
        while true {
            if index >= limits.maximumArrayElements {
                throw JSONError(.tooManyElements, at: position, detail: "the array has more than \(limits.maximumArrayElements) elements")
            }
            let valueStart = position
            do {
                try body(&self)
                if position == valueStart { try skipValue() }
            } catch var error as JSONError {
                error.path.prepend(.index(index))
                throw error
            }
            index += 1
            skipWhitespace()
            guard position < end else { throw unexpectedEnd(expecting: "',' or ']'") }
            let byte = base[position]
            if byte == UInt8(ascii: "]") { position += 1; break }
            guard byte == UInt8(ascii: ",") else {
                throw JSONError(.unexpectedByte, at: position, detail: "expected ',' or ']' after an element, found \(describeByte(at: position))")
            }
            position += 1
            skipWhitespace()
            if position < end, base[position] == UInt8(ascii: "]") {
                throw JSONError(.trailingComma, at: position - 1, detail: "a comma before ']' (trailing commas are not JSON)")
            }
        }
        depth -= 1
    }

    /// Counts one more level of nesting, refusing to pass the depth limit.
    @inline(__always)
    mutating func enterContainer() throws {
        depth += 1
        if depth > limits.maximumDepth {
            throw JSONError(.depthLimitExceeded, at: position, detail: "objects and arrays are nested deeper than \(limits.maximumDepth) levels")
        }
    }
}

/// The names seen so far in one object: a 64-bit Bloom mask in front of a list kept on the
/// caller's stack (spilling to the heap past `inlineCapacity`), so a name is usually checked
/// with one multiply and one bit test, and the scan only runs on a mask hit.
struct KeySet {
    /// A name of up to 32 bytes: its bytes and length (longer names are kept whole in `longNames`).
    struct Entry {
        var words: (UInt64, UInt64, UInt64, UInt64)
        var count: Int
    }

    /// Entries kept on the stack before spilling (24 × 40 bytes stays within the 1 KiB that
    /// `withUnsafeTemporaryAllocation` is sure to place on the stack rather than the heap).
    static let inlineCapacity = 24

    /// What does not fit on the stack: allocated only for big objects or long names.
    private final class Overflow {
        var entries: [Entry] = []
        var longNames: [[UInt8]] = []
    }

    private let storage: UnsafeMutableBufferPointer<Entry>
    private var stored = 0
    private var overflow: Overflow?
    private var mask: UInt64 = 0

    init(storage: UnsafeMutableBufferPointer<Entry>) { self.storage = storage }

    /// Adds `key`; false when it was already present.
    @inline(__always)
    mutating func insert(_ key: JSONKey) -> Bool {
        if key.count > JSONKey.inlineCapacity {
            let long = key.withUTF8 { Array($0) }
            let overflow = self.overflow ?? Overflow()
            self.overflow = overflow
            if overflow.longNames.contains(long) { return false }
            overflow.longNames.append(long)
            return true
        }
        let words = key.inline
        var mix = words.0 &* 0x9E37_79B9_7F4A_7C15
        mix ^= (words.1 ^ words.2 &* 0xC2B2_AE3D_27D4_EB4F ^ words.3 &* 0x1656_67B1_9E37_79F9) &* 0x27D4_EB2F_1656_67C5
        mix ^= UInt64(truncatingIfNeeded: key.count) &* 0xFF51_AFD7_ED55_8CCD
        let bit: UInt64 = 1 &<< (mix &>> 58)
        if mask & bit != 0 && contains(words, count: key.count) { return false }
        mask |= bit
        let entry = Entry(words: words, count: key.count)
        if stored < storage.count {
            storage[stored] = entry
            stored += 1
        } else {
            let overflow = self.overflow ?? Overflow()
            self.overflow = overflow
            overflow.entries.append(entry)
        }
        return true
    }

    private func contains(_ words: (UInt64, UInt64, UInt64, UInt64), count: Int) -> Bool {
        for index in 0..<stored where storage[index].count == count && storage[index].words == words { return true }
        guard let overflow else { return false }
        for entry in overflow.entries where entry.count == count && entry.words == words { return true }
        return false
    }
}
