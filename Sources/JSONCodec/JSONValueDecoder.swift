/// Decodes `Decodable` types from a document read by our strict reader — for request bodies,
/// whose small input types keep their `Codable` conformances, while the hot paths (the log,
/// snapshots) read straight into typed values with `JSONReader`.
///
/// The document is parsed whole first (so a malformed body is refused before any field is looked
/// at: duplicate names, bad UTF-8, limits), then walked. Errors are Swift's `DecodingError` with
/// the coding path, the way `JSONDecoder` reports them, so callers can name the field
/// (`complainant.phone`). Integers must be integer literals in range (`1.0` is not an `Int`);
/// unknown members are ignored, as `Decodable` does.
public struct JSONValueDecoder: Sendable {
    /// Decodes a type the default way would not (e.g. a date from an RFC 3339 string): given the
    /// type asked for and the value, returns the decoded value, nil to decode it the default way,
    /// or throws. The closure receives the coding path for its errors.
    public typealias Override = @Sendable (_ type: Any.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> Any?

    /// The limits of the reader.
    public var limits: JSONLimits
    /// See `Override`.
    public var override: Override?

    /// A decoder with the given limits and override.
    public init(limits: JSONLimits = .default, override: Override? = nil) {
        self.limits = limits
        self.override = override
    }

    /// Reads `bytes` and decodes a `T` from it. A document the reader refuses throws
    /// `DecodingError.dataCorrupted` with an empty coding path and the `JSONError` underneath.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes, limits: limits)
        } catch let error as JSONError {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: error.description, underlyingError: error))
        }
        return try decode(type, from: value)
    }

    /// Decodes a `T` from a parsed document.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoder(value: value, codingPath: [], override: override).decodeValue(type)
    }
}

/// The `Decoder` for one value of the tree.
struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let override: JSONValueDecoder.Override?
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: Any].self) }
        return KeyedDecodingContainer(ObjectContainer<Key>(members: members, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch([Any].self) }
        return ArrayContainer(elements: elements, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    /// A decoder for a member or element below this value.
    func child(_ value: JSONValue, key: any CodingKey) -> ValueDecoder {
        ValueDecoder(value: value, codingPath: codingPath + [key], override: override)
    }

    /// Decodes `type` from this value: the override first, then the type's own `init(from:)`.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if let override, let decoded = try override(type, value, codingPath) {
            guard let typed = decoded as? T else { throw mismatch(type) }
            return typed
        }
        return try T(from: self)
    }

    func mismatch(_ type: Any.Type) -> DecodingError {
        let description =
            value.isNull
            ? "Expected \(type) but found null instead."
            : "Expected to decode \(type) but found \(value.kind) instead."
        if value.isNull { return .valueNotFound(type, .init(codingPath: codingPath, debugDescription: description)) }
        return .typeMismatch(type, .init(codingPath: codingPath, debugDescription: description))
    }
}

/// An integer or array-index coding key.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { intValue.map(String.init) ?? "" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}
