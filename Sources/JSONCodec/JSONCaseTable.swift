/// The raw values of a String-backed enum's cases as keys, built once, so a hot decoder
/// reads the enum by comparing bytes: no String is made and no array is built per value.
///
///     extension Channel: JSONDecodable {
///         static let jsonCases = JSONCaseTable<Channel>()
///         init(from reader: inout JSONReader) throws { self = try Self.jsonCases.read(from: &reader) }
///     }
///
/// (The default `RawRepresentable & CaseIterable` conformance needs no code but compares
/// against each case's String, several times slower: fine for requests, not for replay.)
public struct JSONCaseTable<Value: RawRepresentable & CaseIterable & Sendable>: Sendable where Value.RawValue == String {
    @usableFromInline let names: [JSONKey]
    @usableFromInline let values: [Value]

    /// Builds the table from `Value.allCases`.
    public init(_ type: Value.Type = Value.self) {
        values = Array(Value.allCases)
        names = values.map { JSONKey($0.rawValue) }
    }

    /// The case whose raw value is `name`, if any.
    @inlinable
    public func value(named name: JSONKey) -> Value? {
        for index in names.indices where names[index] == name { return values[index] }
        return nil
    }

    /// Reads a string naming one of the cases (`invalidValue` listing them otherwise).
    @inlinable
    public func read(from reader: inout JSONReader) throws -> Value {
        let offset = reader.offset
        let name = try reader.readStringAsKey()
        if let value = value(named: name) { return value }
        throw invalidName(name, at: offset)
    }

    @usableFromInline
    func invalidName(_ name: JSONKey, at offset: Int) -> JSONError {
        let accepted = values.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        return JSONError(.invalidValue, at: offset, detail: "\"\(name.string)\" is not one of \(accepted)")
    }
}
