/// Interns strings as small integer ids: estates, buildings, units, users and owners' names
/// repeat across millions of complaints and are stored once.
///
/// Ids are dense and never reused (0 ..< count). The id → string side lives in a chunked
/// array, which is all a snapshot needs; the lookup side is rebuilt when a snapshot is loaded.
public struct StringTable: Sendable {
    private(set) var strings = ChunkedArray<String>()
    private var ids: [String: UInt32] = [:]

    /// Creates an empty table.
    public init() {}

    /// A table holding a snapshot's `strings` with ids 0, 1, 2, … in order, its lookup side
    /// still empty: `rebuildLookup` fills it (on another thread while a restart indexes records).
    init(adoptingWithoutLookup strings: ChunkedArray<String>) {
        self.strings = strings
    }

    /// Fills the string → id side from the strings; the first id wins, as interning would have it.
    mutating func rebuildLookup() {
        var ids = [String: UInt32](minimumCapacity: strings.count)
        for index in (0..<strings.count).reversed() { ids[strings[index]] = UInt32(truncatingIfNeeded: index) }
        self.ids = ids
    }

    /// The number of distinct strings.
    public var count: Int { strings.count }

    /// The id of `string`, adding it when new.
    public mutating func intern(_ string: String) -> UInt32 {
        if let id = ids[string] { return id }
        let id = UInt32(truncatingIfNeeded: strings.count)
        strings.append(string)
        ids[string] = id
        return id
    }

    /// The id of `string`, if it was ever interned.
    public func id(of string: String) -> UInt32? { ids[string] }

    /// The string with `id`; ids come only from this table.
    public subscript(id: UInt32) -> String { strings[Int(id)] }

    /// A copy of the id → string side only, for a snapshot taken while the table keeps growing.
    public var snapshot: ChunkedArray<String> { strings }
}
