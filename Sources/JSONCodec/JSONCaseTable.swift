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
/// The names are hashed (open addressing over their first 16 bytes and length, the slots at
/// most half full), so a decoder can `switch` over an enum of its member names: one probe
/// instead of comparing a name with each case in turn (4.5 % of a replay's reading thread went to
/// a `switch` of 65 string cases). A slot holds what a probe compares (the first 16 bytes, the
/// length, the case's index) in 24 bytes, and the slots and values sit behind plain pointers:
/// the lookup, inlined into each decoder, loads one slot and compares two words, with no array
/// bounds checks and no reference counting (the arrays version spent 88 instructions a name).
public struct JSONCaseTable<Value: RawRepresentable & CaseIterable & Sendable>: @unchecked Sendable where Value.RawValue == String {
    /// One hash slot: a name's first 16 bytes and length, and its index in `names` (-1: empty).
    @usableFromInline
    struct Slot {
        @usableFromInline var first: UInt64
        @usableFromInline var second: UInt64
        @usableFromInline var count: Int32
        @usableFromInline var index: Int32

        @usableFromInline static var empty: Slot { Slot(first: 0, second: 0, count: 0, index: -1) }
    }

    /// Owns the slots, values and names (the table's copies share them; freed with the last).
    @usableFromInline
    final class Storage: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<Slot>
        let values: UnsafeMutableBufferPointer<Value>
        /// The names, in case order (for names longer than 16 bytes and for error messages).
        let names: [JSONKey]

        init(slots: [Slot], values: [Value], names: [JSONKey]) {
            self.slots = .allocate(capacity: slots.count)
            _ = self.slots.initialize(from: slots)
            self.values = .allocate(capacity: values.count)
            _ = self.values.initialize(from: values)
            self.names = names
        }

        deinit {
            slots.deinitialize().deallocate()
            values.deinitialize().deallocate()
        }

        /// Whether case `index` is named `name` (the whole name: for names past 16 bytes).
        @usableFromInline
        func isNamed(_ index: Int32, _ name: JSONKey) -> Bool { names[Int(index)] == name }
    }

    @usableFromInline let storage: Storage
    /// `storage`'s slots and values, read without touching a reference count.
    @usableFromInline let slots: UnsafePointer<Slot>
    @usableFromInline let values: UnsafePointer<Value>
    /// The number of slots minus one (a power of two minus one).
    @usableFromInline let mask: Int

    /// Builds the table from `Value.allCases`.
    public init(_ type: Value.Type = Value.self) {
        let values = Array(Value.allCases)
        let names = values.map { JSONKey($0.rawValue) }
        var size = 8
        while size < names.count * 2 { size *= 2 }
        var slots = [Slot](repeating: .empty, count: size)
        for (index, name) in names.enumerated() {
            var slot = Self.hash(name) & (size - 1)
            while slots[slot].index >= 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Slot(first: name.inline.0, second: name.inline.1, count: Int32(name.count), index: Int32(index))
        }
        storage = Storage(slots: slots, values: values, names: names)
        self.slots = UnsafePointer(storage.slots.baseAddress!)
        self.values = UnsafePointer(storage.values.baseAddress!)
        mask = size - 1
    }

    /// Mixes the name's first 16 bytes and its length (the names are the table's own, so no
    /// seed is needed: a request cannot add names to collide with).
    @inlinable @inline(__always)
    static func hash(_ name: JSONKey) -> Int {
        let mixed = (name.inline.0 &* 0x9E37_79B9_7F4A_7C15) ^ (name.inline.1 &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(truncatingIfNeeded: name.count)
        return Int(truncatingIfNeeded: mixed ^ (mixed &>> 29))
    }

    /// The case whose raw value is `name`, if any.
    @inlinable @inline(__always)
    public func value(named name: JSONKey) -> Value? {
        lookup.value(named: name)
    }

    /// The part of the table a lookup reads, as a plain value: copying it (into a decoder's
    /// closure, once an object) touches no reference count, where copying the table retained
    /// and released its storage. Valid while the table lives (the tables are `static let`s).
    @inlinable
    public var lookup: Lookup { Lookup(slots: slots, values: values, mask: mask, storage: Unmanaged.passUnretained(storage)) }

    /// See `lookup`.
    public struct Lookup {
        @usableFromInline let slots: UnsafePointer<Slot>
        @usableFromInline let values: UnsafePointer<Value>
        @usableFromInline let mask: Int
        @usableFromInline let storage: Unmanaged<Storage>

        @inlinable
        init(slots: UnsafePointer<Slot>, values: UnsafePointer<Value>, mask: Int, storage: Unmanaged<Storage>) {
            self.slots = slots
            self.values = values
            self.mask = mask
            self.storage = storage
        }

        /// The case whose raw value is `name`, if any.
        @inlinable @inline(__always)
        public func value(named name: JSONKey) -> Value? {
            var slot = JSONCaseTable.hash(name) & mask
            while true {
                let entry = slots[slot]
                if entry.index < 0 { return nil }
                if entry.first == name.inline.0 && entry.second == name.inline.1 && Int(entry.count) == name.count
                    && (name.count <= 16 || storage.takeUnretainedValue().isNamed(entry.index, name))
                {
                    return values[Int(entry.index)]
                }
                slot = (slot &+ 1) & mask
            }
        }
    }

    /// Reads a string naming one of the cases (`invalidValue` listing them otherwise).
    @inlinable @inline(__always)
    public func read(from reader: inout JSONReader) throws -> Value {
        let offset = reader.offset
        let name = try reader.readStringAsKey()
        if let value = value(named: name) { return value }
        throw invalidName(name, at: offset)
    }

    @usableFromInline
    func invalidName(_ name: JSONKey, at offset: Int) -> JSONError {
        let accepted = storage.names.map { "\"\($0.string)\"" }.joined(separator: ", ")
        return JSONError(.invalidValue, at: offset, detail: "\"\(name.string)\" is not one of \(accepted)")
    }
}
