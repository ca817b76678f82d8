/// The string tables of a book: every estate, building, unit, owner's name and user id a
/// complaint names is stored once and referred to by id in its compact record.
public struct BookStrings: Sendable {
    /// Estate names.
    public var estates = StringTable()
    /// Buildings, keyed by estate and building together (buildings are only unique per estate).
    public var buildings = StringTable()
    /// Unit numbers (shared across buildings: "1202" is stored once).
    public var units = StringTable()
    /// Owners' names.
    public var names = StringTable()
    /// Staff user ids (handlers, receptionists).
    public var users = StringTable()

    /// Creates empty tables.
    public init() {}

    /// Fills every table's string → id side (after `StringTable(adoptingWithoutLookup:)`).
    mutating func rebuildLookups() {
        estates.rebuildLookup()
        buildings.rebuildLookup()
        units.rebuildLookup()
        names.rebuildLookup()
        users.rebuildLookup()
    }

    /// The key of a building within its estate.
    public static func buildingKey(estate: String, building: String) -> String {
        estate + "\u{1F}" + building
    }

    /// The building's own name (the part after the estate) for a building id.
    public func buildingName(_ id: UInt32) -> String {
        let key = buildings[id]
        guard let separator = key.utf8.firstIndex(of: 0x1F) else { return key }
        return String(key[key.utf8.index(after: separator)...])
    }
}
