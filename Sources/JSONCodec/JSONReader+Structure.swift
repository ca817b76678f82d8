/// Objects and arrays: the loops that hand members and elements to a decoder's closure,
/// with the punctuation, the limits, duplicate names and error paths handled here once.
///
/// These two loops are `@inlinable`, the one place the codec exposes its insides to other
/// modules: inlined into each decoder, the decoder's closure and `switch` fuse with the loop
/// (no closure call per member, and each object shape gets its own branch history). Everything
/// rare (errors, long names, big objects) stays behind non-inlined calls.
extension JSONReader {
    /// Reads an object, calling `body` with each member's name while the reader is at its value.
    ///
    /// `body` reads the value (or not: a value it leaves unread is validated and skipped, so
    /// unknown members need no `default:` work). Duplicate names are refused with `duplicateKey`,
    /// even when `body` ignores them. An error from inside a member gets the member's name
    /// prepended to its path.
    @inlinable
    public mutating func readObject(_ body: (JSONKey, inout JSONReader) throws -> Void) throws {
        guard try openContainer(UInt8(ascii: "{"), closing: UInt8(ascii: "}"), kind: .object) else { return }
        try withUnsafeTemporaryAllocation(of: KeySet.Entry.self, capacity: KeySet.inlineCapacity) { storage in
            var seen = KeySet(storage: storage)
            var members = 0
            repeat {
                let keyOffset = position
                let key = try readMemberName()
                members &+= 1
                if members > limits.maximumObjectMembers { throw tooManyMembers(at: keyOffset) }
                if !seen.insert(key) { throw duplicateKey(key, at: keyOffset) }
                try expectColon()
                let valueStart = position
                do {
                    try body(key, &self)
                    if position == valueStart { try skipValue() }
                } catch var error as JSONError {
                    error.path.prepend(.key(key.string))
                    throw error
                }
            } while try continueContainer(closing: UInt8(ascii: "}"))
        }
        depth &-= 1
    }

    /// Reads an array, calling `body` once per element while the reader is at it.
    ///
    /// An element `body` leaves unread is validated and skipped. An error from inside an element
    /// gets the element's index prepended to its path.
    @inlinable
    public mutating func readArray(_ body: (inout JSONReader) throws -> Void) throws {
        guard try openContainer(UInt8(ascii: "["), closing: UInt8(ascii: "]"), kind: .array) else { return }
        var index = 0
        repeat {
            if index >= limits.maximumArrayElements { throw tooManyElements() }
            let valueStart = position
            do {
                try body(&self)
                if position == valueStart { try skipValue() }
            } catch var error as JSONError {
                error.path.prepend(.index(index))
                throw error
            }
            index &+= 1
        } while try continueContainer(closing: UInt8(ascii: "]"))
        depth &-= 1
    }

    /// Consumes the opening bracket (after whitespace) and counts a level of nesting; returns
    /// false, having consumed the closing bracket too, for an empty container.
    @usableFromInline
    mutating func openContainer(_ opening: UInt8, closing: UInt8, kind: JSONKind) throws -> Bool {
        skipWhitespace()
        guard position < end, base[position] == opening else { throw mismatch(expected: kind) }
        depth &+= 1
        if depth > limits.maximumDepth {
            throw JSONError(.depthLimitExceeded, at: position, detail: "objects and arrays are nested deeper than \(limits.maximumDepth) levels")
        }
        position &+= 1
        skipWhitespace()
        if position < end, base[position] == closing {
            position &+= 1
            depth &-= 1
            return false
        }
        if kind == .object, position < end, base[position] != UInt8(ascii: "\"") {
            throw JSONError(.unexpectedByte, at: position, detail: "expected a member name in double quotes, found \(describeByte(at: position))")
        }
        return true
    }

    /// After a member or element: consumes `,` (true: another follows) or the closing bracket (false).
    @inlinable @inline(__always)
    mutating func continueContainer(closing: UInt8) throws -> Bool {
        if position < end {
            let byte = base[position]
            if byte == UInt8(ascii: ",") {
                position &+= 1
                if position < end {
                    let next = base[position]
                    if next == UInt8(ascii: "\"") || (closing == UInt8(ascii: "]") && next > 0x20 && next != closing) { return true }
                }
                return try afterComma(closing: closing)
            }
            if byte == closing {
                position &+= 1
                return false
            }
        }
        return try afterValueSlowly(closing: closing)
    }

    /// The rest of `continueContainer` when whitespace or something unexpected follows a comma.
    @usableFromInline
    mutating func afterComma(closing: UInt8) throws -> Bool {
        skipWhitespace()
        guard position < end else { throw unexpectedEnd(expecting: closing == UInt8(ascii: "}") ? "a member name" : "a value") }
        if base[position] == closing {
            throw JSONError(
                .trailingComma, at: position - 1, detail: "a comma before '\(Character(Unicode.Scalar(closing)))' (trailing commas are not JSON)")
        }
        if closing == UInt8(ascii: "}"), base[position] != UInt8(ascii: "\"") {
            throw JSONError(.unexpectedByte, at: position, detail: "expected a member name in double quotes, found \(describeByte(at: position))")
        }
        return true
    }

    /// The rest of `continueContainer` when whitespace (or an error) follows a value.
    @usableFromInline
    mutating func afterValueSlowly(closing: UInt8) throws -> Bool {
        skipWhitespace()
        guard position < end else { throw unexpectedEnd(expecting: "',' or '\(Character(Unicode.Scalar(closing)))'") }
        let byte = base[position]
        if byte == closing {
            position &+= 1
            return false
        }
        guard byte == UInt8(ascii: ",") else {
            let what = closing == UInt8(ascii: "}") ? "a member" : "an element"
            throw JSONError(
                .unexpectedByte, at: position,
                detail: "expected ',' or '\(Character(Unicode.Scalar(closing)))' after \(what), found \(describeByte(at: position))")
        }
        position &+= 1
        return try afterComma(closing: closing)
    }

    /// Consumes the `:` after a member name, with whitespace around it.
    @inlinable @inline(__always)
    mutating func expectColon() throws {
        if position < end && base[position] == UInt8(ascii: ":") {
            position &+= 1
            if position < end && base[position] > 0x20 { return }
            skipWhitespace()
            return
        }
        try expectColonSlowly()
    }

    @usableFromInline
    mutating func expectColonSlowly() throws {
        skipWhitespace()
        guard position < end else { throw unexpectedEnd(expecting: "':'") }
        guard base[position] == UInt8(ascii: ":") else {
            throw JSONError(.unexpectedByte, at: position, detail: "expected ':' after the member name, found \(describeByte(at: position))")
        }
        position &+= 1
        skipWhitespace()
    }

    @usableFromInline
    func tooManyMembers(at offset: Int) -> JSONError {
        JSONError(.tooManyMembers, at: offset, detail: "the object has more than \(limits.maximumObjectMembers) members")
    }

    @usableFromInline
    func tooManyElements() -> JSONError {
        JSONError(.tooManyElements, at: position, detail: "the array has more than \(limits.maximumArrayElements) elements")
    }

    @usableFromInline
    func duplicateKey(_ key: JSONKey, at offset: Int) -> JSONError {
        JSONError(.duplicateKey, at: offset, path: [.key(key.string)], detail: "the member \"\(key.string)\" appears twice in one object")
    }
}
