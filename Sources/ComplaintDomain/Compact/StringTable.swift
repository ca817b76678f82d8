import Foundation

/// Interns strings as small integer ids: estates, buildings, units, users and owners' names
/// repeat across millions of complaints and are stored once.
///
/// Ids are dense and never reused (0 ..< count). The id → string side lives in a chunked
/// array, which is all a snapshot needs; the lookup side is rebuilt when a snapshot is loaded.
public struct StringTable: Sendable {
    private(set) var strings = ChunkedArray<String>()
    /// String → id, keyed by the strings' bytes (`Key`).
    private var ids: [Key: UInt32] = [:]

    /// A string as the table tells strings apart: by its UTF-8 bytes. `String`'s own hashing and
    /// equality follow Unicode canonical equivalence, which for the Chinese names of estates,
    /// buildings and owners meant a normalization check per hash (over 2 % of a replay's
    /// instructions). Two spellings that differ in bytes get two ids; each reads back as given.
    struct Key: Hashable {
        var string: String

        init(_ string: String) {
            self.string = string
            // Its bytes lent in place from now on (a bridged string may not lend them).
            self.string.makeContiguousUTF8()
        }

        func hash(into hasher: inout Hasher) {
            withBytes { hasher.combine(bytes: $0) }
        }

        static func == (left: Key, right: Key) -> Bool {
            left.withBytes { a in
                right.withBytes { b in a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) }
            }
        }

        /// Lends the bytes: `init` made the string contiguous, and a contiguous string always
        /// lends them (`String.isContiguousUTF8`).
        private func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
            string.utf8.withContiguousStorageIfAvailable { body(UnsafeRawBufferPointer($0)) }!
        }
    }

    /// Creates an empty table.
    public init() {}

    /// A table holding a snapshot's `strings` with ids 0, 1, 2, … in order, its lookup side
    /// still empty: `rebuildLookup` fills it (on another thread while a restart indexes records).
    init(adoptingWithoutLookup strings: ChunkedArray<String>) {
        self.strings = strings
    }

    /// Fills the string → id side from the strings; the first id wins, as interning would have it.
    mutating func rebuildLookup() {
        var ids = [Key: UInt32](minimumCapacity: strings.count)
        for index in (0..<strings.count).reversed() { ids[Key(strings[index])] = UInt32(truncatingIfNeeded: index) }
        self.ids = ids
    }

    /// The number of distinct strings.
    public var count: Int { strings.count }

    /// The id of `string`, adding it when new.
    public mutating func intern(_ string: String) -> UInt32 {
        let key = Key(string)
        let next = UInt32(truncatingIfNeeded: strings.count)
        // One probe for the lookup and the insertion: a missing key is added with the next id.
        let id = Self.value(&ids[key, default: next])
        if id == next { strings.append(key.string) }
        return id
    }

    /// The value accessed, read through a mutating access (which adds a defaulted entry).
    private static func value(_ value: inout UInt32) -> UInt32 { value }

    /// The id of `string`, if it was ever interned.
    public func id(of string: String) -> UInt32? { ids[Key(string)] }

    /// The string with `id`; ids come only from this table.
    public subscript(id: UInt32) -> String { strings[Int(id)] }

    /// A copy of the id → string side only, for a snapshot taken while the table keeps growing.
    public var snapshot: ChunkedArray<String> { strings }
}
