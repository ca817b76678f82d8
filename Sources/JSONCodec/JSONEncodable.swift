/// A type that writes itself as one JSON value.
public protocol JSONEncodable {
    /// Writes this value (exactly one) into `writer`.
    func encode(to writer: inout JSONWriter)
}

extension String: JSONEncodable {
    /// Writes a JSON string.
    public func encode(to writer: inout JSONWriter) { writer.string(self) }
}

extension Bool: JSONEncodable {
    /// Writes `true` or `false`.
    public func encode(to writer: inout JSONWriter) { writer.bool(self) }
}

extension Double: JSONEncodable {
    /// Writes the shortest number that reads back as this value; `null` if not finite.
    public func encode(to writer: inout JSONWriter) { writer.double(self) }
}

extension Int: JSONEncodable {
    /// Writes a decimal integer.
    public func encode(to writer: inout JSONWriter) { writer.integer(self) }
}

extension Int64: JSONEncodable {
    /// Writes a decimal integer.
    public func encode(to writer: inout JSONWriter) { writer.integer(self) }
}

extension Int32: JSONEncodable {
    /// Writes a decimal integer.
    public func encode(to writer: inout JSONWriter) { writer.integer(Int64(self)) }
}

extension Int16: JSONEncodable {
    /// Writes a decimal integer.
    public func encode(to writer: inout JSONWriter) { writer.integer(Int64(self)) }
}

extension Int8: JSONEncodable {
    /// Writes a decimal integer.
    public func encode(to writer: inout JSONWriter) { writer.integer(Int64(self)) }
}

extension UInt: JSONEncodable {
    /// Writes a decimal integer.
    public func encode(to writer: inout JSONWriter) { writer.integer(UInt64(self)) }
}

extension UInt64: JSONEncodable {
    /// Writes a decimal integer.
    public func encode(to writer: inout JSONWriter) { writer.integer(self) }
}

extension UInt32: JSONEncodable {
    /// Writes a decimal integer.
    public func encode(to writer: inout JSONWriter) { writer.integer(UInt64(self)) }
}

extension UInt16: JSONEncodable {
    /// Writes a decimal integer.
    public func encode(to writer: inout JSONWriter) { writer.integer(UInt64(self)) }
}

extension UInt8: JSONEncodable {
    /// Writes a decimal integer.
    public func encode(to writer: inout JSONWriter) { writer.integer(UInt64(self)) }
}

extension Optional: JSONEncodable where Wrapped: JSONEncodable {
    /// Writes the wrapped value, or `null` when nil.
    public func encode(to writer: inout JSONWriter) {
        if let value = self { value.encode(to: &writer) } else { writer.null() }
    }
}

extension Array: JSONEncodable where Element: JSONEncodable {
    /// Writes a JSON array of the elements, in order.
    public func encode(to writer: inout JSONWriter) {
        writer.beginArray()
        for element in self { element.encode(to: &writer) }
        writer.endArray()
    }
}

extension Dictionary: JSONEncodable where Key == String, Value: JSONEncodable {
    /// Writes a JSON object with the members sorted by name, so equal dictionaries give equal bytes.
    public func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        for (name, value) in sorted(by: { $0.key < $1.key }) {
            writer.member(named: name, value)
        }
        writer.endObject()
    }
}

extension JSONEncodable where Self: RawRepresentable, RawValue == String {
    /// Writes the raw value as a string.
    @inlinable
    public func encode(to writer: inout JSONWriter) { writer.string(rawValue) }
}
