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
    /// Building ids by estate id and building name, beside `buildings` (which stays the truth):
    /// interning the joined key cost a concatenation (a malloc, estate names being Chinese) and
    /// hashing it at every registration. Filled as buildings are interned, also after a restart.
    private var buildingIDs: [BuildingKey: UInt32] = [:]

    private struct BuildingKey: Hashable {
        var estate: UInt32
        var building: String
    }

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

    /// The id of `building` of the estate `estateName` (whose id is `estate`), adding it when new.
    public mutating func internBuilding(_ building: String, estate: UInt32, estateName: String) -> UInt32 {
        let key = BuildingKey(estate: estate, building: building)
        if let id = buildingIDs[key] { return id }
        let id = buildings.intern(Self.buildingKey(estate: estateName, building: building))
        buildingIDs[key] = id
        return id
    }

    /// The building's own name (the part after the estate) for a building id.
    public func buildingName(_ id: UInt32) -> String {
        let key = buildings[id]
        guard let separator = key.utf8.firstIndex(of: 0x1F) else { return key }
        return String(key[key.utf8.index(after: separator)...])
    }
}
