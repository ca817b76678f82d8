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
///
/// A table of more than eight cases is also hashed (open addressing over the name's first 24
/// bytes and length), so a decoder can `switch` over an enum of its member names: one probe
/// instead of comparing a name with each case in turn (4.5 % of a replay's reading thread went to
/// a `switch` of 65 string cases).
public struct JSONCaseTable<Value: RawRepresentable & CaseIterable & Sendable>: Sendable where Value.RawValue == String {
    @usableFromInline let names: [JSONKey]
    @usableFromInline let values: [Value]
    /// Index + 1 into `names` by hash (0: empty); empty for small tables, which are scanned.
    @usableFromInline let buckets: [Int32]

    /// Builds the table from `Value.allCases`.
    public init(_ type: Value.Type = Value.self) {
        values = Array(Value.allCases)
        names = values.map { JSONKey($0.rawValue) }
        guard names.count > 8 else {
            buckets = []
            return
        }
        var size = 16
        while size < names.count * 4 { size *= 2 }
        var buckets = [Int32](repeating: 0, count: size)
        for (index, name) in names.enumerated() {
            var bucket = Self.hash(name) & (size - 1)
            while buckets[bucket] != 0 { bucket = (bucket + 1) & (size - 1) }
            buckets[bucket] = Int32(index + 1)
        }
        self.buckets = buckets
    }

    /// Mixes the name's first 24 bytes and its length (the names are the table's own, so no
    /// seed is needed: a request cannot add names to collide with).
    @inlinable @inline(__always)
    static func hash(_ name: JSONKey) -> Int {
        let mixed =
            (name.inline.0 &* 0x9E37_79B9_7F4A_7C15) ^ (name.inline.1 &* 0xC2B2_AE3D_27D4_EB4F)
            ^ (name.inline.2 &* 0x1656_67B1_9E37_79F9) ^ UInt64(truncatingIfNeeded: name.count)
        return Int(truncatingIfNeeded: mixed ^ (mixed >> 29))
    }

    /// The case whose raw value is `name`, if any.
    @inlinable
    public func value(named name: JSONKey) -> Value? {
        if buckets.isEmpty {
            for index in names.indices where names[index] == name { return values[index] }
            return nil
        }
        let mask = buckets.count - 1
        var bucket = Self.hash(name) & mask
        while true {
            let entry = Int(buckets[bucket])
            if entry == 0 { return nil }
            if names[entry - 1] == name { return values[entry - 1] }
            bucket = (bucket + 1) & mask
        }
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
