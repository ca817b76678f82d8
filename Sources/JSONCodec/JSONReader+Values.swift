/// Booleans, null, optional values, skipping and raw values.
extension JSONReader {
    /// Reads `true` or `false`.
    public mutating func readBool() throws -> Bool {
        skipWhitespace()
        guard position < end else { throw mismatch(expected: .bool) }
        switch base[position] {
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return true
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return false
        default: throw mismatch(expected: .bool)
        }
    }

    /// Consumes `null` and returns true if the next value is null; otherwise consumes nothing.
    public mutating func readNull() throws -> Bool {
        skipWhitespace()
        guard position < end, base[position] == UInt8(ascii: "n") else { return false }
        try expectLiteral("null")
        return true
    }

    /// Reads a string, or nil for `null`.
    public mutating func readNullOrString() throws -> String? { try readNull() ? nil : try readString() }
    /// Reads an `Int`, or nil for `null`.
    public mutating func readNullOrInt() throws -> Int? { try readNull() ? nil : try readInt() }
    /// Reads an `Int64`, or nil for `null`.
    public mutating func readNullOrInt64() throws -> Int64? { try readNull() ? nil : try readInt64() }
    /// Reads a Double, or nil for `null`.
    public mutating func readNullOrDouble() throws -> Double? { try readNull() ? nil : try readDouble() }
    /// Reads a Bool, or nil for `null`.
    public mutating func readNullOrBool() throws -> Bool? { try readNull() ? nil : try readBool() }

    /// Decodes the next value as `type`.
    @inlinable
    public mutating func decode<Value: JSONDecodable>(_ type: Value.Type = Value.self) throws -> Value {
        try Value(from: &self)
    }

    /// Decodes the next value as `type`, or nil for `null`.
    @inlinable
    public mutating func decodeNullOr<Value: JSONDecodable>(_ type: Value.Type = Value.self) throws -> Value? {
        try readNull() ? nil : try Value(from: &self)
    }

    /// Validates and skips the next value, whatever it is (checking UTF-8, duplicates and limits).
    public mutating func skipValue() throws {
        skipWhitespace()
        guard position < end else { throw unexpectedEnd(expecting: "a value") }
        switch base[position] {
        case UInt8(ascii: "{"): try readObject { _, reader in try reader.skipValue() }
        case UInt8(ascii: "["): try readArray { reader in try reader.skipValue() }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try scanNumber()
        default: throw unexpectedValueByte()
        }
    }

    /// Validates the next value and returns its exact bytes (to store or forward it unchanged).
    public mutating func readRawValue() throws -> [UInt8] {
        skipWhitespace()
        let start = position
        try skipValue()
        return Array(UnsafeBufferPointer(start: base + start, count: position - start))
    }

    /// The error for a byte where a value should start, naming the usual suspects.
    @inline(never)
    func unexpectedValueByte() -> JSONError {
        let byte = base[position]
        let hint: String
        switch byte {
        case UInt8(ascii: "'"): hint = " (strings take double quotes)"
        case UInt8(ascii: "/"): hint = " (JSON has no comments)"
        case UInt8(ascii: "N"), UInt8(ascii: "I"): hint = " (NaN and Infinity are not JSON)"
        case UInt8(ascii: "+"), UInt8(ascii: "."): hint = " (a number starts with '-' or a digit)"
        case UInt8(ascii: "}"), UInt8(ascii: "]"): hint = " (a value is missing)"
        default: hint = ""
        }
        return JSONError(.unexpectedByte, at: position, detail: "expected a value, found \(describeByte(at: position))\(hint)")
    }
}
