/// `member(name, value)`: a key and its value in one call. Names are `StaticString` literals
/// (the fast path); run-time names go through `member(named:_:)`. Optional values write `null`
/// when nil; the `memberIfPresent` variants leave the member out instead.
extension JSONWriter {
    /// Writes `"name":"value"`.
    public mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }
    /// Writes `"name":value`.
    public mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        integer(value)
    }
    /// Writes `"name":value`.
    public mutating func member(_ name: StaticString, _ value: Int64) {
        key(name)
        integer(value)
    }
    /// Writes `"name":value`.
    public mutating func member(_ name: StaticString, _ value: UInt64) {
        key(name)
        integer(value)
    }
    /// Writes `"name":value` (`null` if not finite).
    public mutating func member(_ name: StaticString, _ value: Double) {
        key(name)
        double(value)
    }
    /// Writes `"name":true` or `false`.
    public mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// Writes `"name":"value"`, or `"name":null` when nil.
    public mutating func member(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    /// Writes `"name":value`, or `"name":null` when nil.
    public mutating func member(_ name: StaticString, _ value: Int?) {
        key(name)
        if let value { integer(value) } else { null() }
    }

    /// Writes `"name":value`, or `"name":null` when nil.
    public mutating func member(_ name: StaticString, _ value: Int64?) {
        key(name)
        if let value { integer(value) } else { null() }
    }

    /// Writes `"name":value`, or `"name":null` when nil.
    public mutating func member(_ name: StaticString, _ value: Bool?) {
        key(name)
        if let value { bool(value) } else { null() }
    }

    /// Writes `"name":value`, or `"name":null` when nil.
    public mutating func member(_ name: StaticString, _ value: Double?) {
        key(name)
        if let value { double(value) } else { null() }
    }

    /// Writes `"name":` and any encodable value (an Optional writes `null` when nil).
    public mutating func member<Value: JSONEncodable>(_ name: StaticString, _ value: Value) {
        key(name)
        value.encode(to: &self)
    }

    /// Writes `"name":` and any encodable value, for a name known only at run time.
    public mutating func member<Value: JSONEncodable>(named name: String, _ value: Value) {
        key(named: name)
        value.encode(to: &self)
    }

    /// Writes `"name":null`.
    public mutating func memberNull(_ name: StaticString) {
        key(name)
        null()
    }

    /// Writes `"name":"value"`, or nothing when nil.
    public mutating func memberIfPresent(_ name: StaticString, _ value: String?) {
        if let value { member(name, value) }
    }

    /// Writes `"name":value`, or nothing when nil.
    public mutating func memberIfPresent(_ name: StaticString, _ value: Int64?) {
        if let value { member(name, value) }
    }

    /// Writes `"name":value`, or nothing when nil.
    public mutating func memberIfPresent(_ name: StaticString, _ value: Int?) {
        if let value { member(name, value) }
    }

    /// Writes `"name":` and the value, or nothing when nil.
    public mutating func memberIfPresent<Value: JSONEncodable>(_ name: StaticString, _ value: Value?) {
        if let value { member(name, value) }
    }

    /// Writes `"name":` and already encoded JSON verbatim (see ``rawValue(_:)-(UnsafeRawBufferPointer)``).
    public mutating func memberRaw(_ name: StaticString, _ json: [UInt8]) {
        key(name)
        rawValue(json)
    }

    /// Writes `"name":{...}`, the members written by `body`.
    public mutating func memberObject(_ name: StaticString, _ body: (inout JSONWriter) -> Void) {
        key(name)
        beginObject()
        body(&self)
        endObject()
    }

    /// Writes `"name":[...]`, the elements written by `body`.
    public mutating func memberArray(_ name: StaticString, _ body: (inout JSONWriter) -> Void) {
        key(name)
        beginArray()
        body(&self)
        endArray()
    }

    /// Writes `{...}`, the members written by `body`.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        beginObject()
        body(&self)
        endObject()
    }

    /// Writes `[...]`, the elements written by `body`.
    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        beginArray()
        body(&self)
        endArray()
    }
}
