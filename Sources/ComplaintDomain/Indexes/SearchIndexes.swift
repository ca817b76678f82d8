/// The search indexes: chains through the slots by phone tail, owner's name and home, so a
/// search walks its matches newest first and never the whole book.
///
/// Each chain is a head per key (the newest slot) and, per slot, the previous slot with the same
/// key: 4 bytes per complaint per chain, 12 in all. What they key on never changes after
/// registration, so only registrations are observed; a snapshot stores none of it (`insert` is
/// replayed over the compact records at load). Keys of names and homes go through the same
/// folding as queries (`SearchText`, `UnitKey`), computed once per distinct string.
public struct SearchIndexes: Sendable {
    /// The newest slot per phone tail (0...9999), the count per tail, each slot's previous one.
    var newestByPhoneTail = [Int32](repeating: -1, count: 10_000)
    var countByPhoneTail = [Int32](repeating: 0, count: 10_000)
    var previousByPhoneTail = ChunkedArray<Int32>()
    /// The newest slot per owner's name id, and each slot's previous one with that name.
    var newestByName: [Int32] = []
    var previousByName = ChunkedArray<Int32>()
    /// Name ids by folded name, for the names whose folded form differs from how they are written.
    var foldedNames: [String: [UInt32]] = [:]
    /// Folded building and unit ids by the book's building and unit ids.
    var normalBuilding: [UInt32] = []
    var normalUnit: [UInt32] = []
    var buildingParts: [String: UInt32] = [:]
    var unitParts: [String: UInt32] = [:]
    /// The newest slot per home (folded building and unit), each slot's previous one, and the
    /// homes of each folded unit number.
    var newestByHome: [UInt64: Int32] = [:]
    var previousByHome = ChunkedArray<Int32>()
    var homesByUnit: [UInt32: [UInt64]] = [:]

    /// Creates empty indexes.
    public init() {}

    /// Indexes a new complaint (slots arrive in ascending order).
    public mutating func insert(_ slot: Int, _ record: CompactComplaint, strings: BookStrings) {
        let key = Int32(slot)
        if record.phoneTail != PhoneKey.noTail {
            let tail = Int(record.phoneTail)
            previousByPhoneTail.append(newestByPhoneTail[tail])
            newestByPhoneTail[tail] = key
            countByPhoneTail[tail] += 1
        } else {
            previousByPhoneTail.append(-1)
        }
        let name = Int(record.ownerName)
        if name >= newestByName.count { addNames(through: name, strings: strings) }
        previousByName.append(newestByName[name])
        newestByName[name] = key
        let home = homeKey(record, strings: strings)
        previousByHome.append(newestByHome[home] ?? -1)
        if newestByHome.updateValue(key, forKey: home) == nil { homesByUnit[UInt32(truncatingIfNeeded: home), default: []].append(home) }
    }

    /// Starts the chains of names up to id `name`, noting those whose folded form differs.
    mutating func addNames(through name: Int, strings: BookStrings) {
        while newestByName.count <= name {
            let id = UInt32(newestByName.count)
            newestByName.append(-1)
            let raw = strings.names[id]
            let folded = SearchText.foldName(raw)
            if folded != raw { foldedNames[folded, default: []].append(id) }
        }
    }

    /// The folded home of a record, interning new buildings and units.
    mutating func homeKey(_ record: CompactComplaint, strings: BookStrings) -> UInt64 {
        while normalBuilding.count <= Int(record.building) {
            let text = UnitKey.building(strings.buildingName(UInt32(normalBuilding.count)))
            normalBuilding.append(Self.intern(text, in: &buildingParts))
        }
        while normalUnit.count <= Int(record.unit) {
            normalUnit.append(Self.intern(UnitKey.unit(strings.units[UInt32(normalUnit.count)]), in: &unitParts))
        }
        return UInt64(normalBuilding[Int(record.building)]) << 32 | UInt64(normalUnit[Int(record.unit)])
    }

    private static func intern(_ text: String, in table: inout [String: UInt32]) -> UInt32 {
        if let id = table[text] { return id }
        let id = UInt32(table.count)
        table[text] = id
        return id
    }

    // MARK: Lookups

    /// The name ids whose folded form is `folded`.
    func nameIDs(folded: String, strings: BookStrings) -> [UInt32] {
        var ids = foldedNames[folded] ?? []
        if let id = strings.names.id(of: folded) { ids.append(id) }
        return ids
    }

    /// Whether some complaint's owner is called `folded` (a folded name): the search box reads it as a name.
    public func hasOwner(named folded: String, strings: BookStrings) -> Bool {
        !nameIDs(folded: folded, strings: strings).isEmpty
    }

    /// The folded building id of a query's building text, if any complaint has it.
    func buildingPart(_ folded: String) -> UInt32? { buildingParts[folded] }

    /// The chain heads of a home search (building nil: the unit in every building).
    func homeHeads(building: String?, unit: String) -> [Int32] {
        guard let unitID = unitParts[unit] else { return [] }
        if let building {
            guard let buildingID = buildingParts[building] else { return [] }
            return newestByHome[UInt64(buildingID) << 32 | UInt64(unitID)].map { [$0] } ?? []
        }
        return (homesByUnit[unitID] ?? []).compactMap { newestByHome[$0] }
    }

    /// Whether `record` is at the home searched for (`building` nil: any building).
    func isAt(_ record: CompactComplaint, building: UInt32?, unit: UInt32) -> Bool {
        guard Int(record.unit) < normalUnit.count, normalUnit[Int(record.unit)] == unit else { return false }
        guard let building else { return true }
        return Int(record.building) < normalBuilding.count && normalBuilding[Int(record.building)] == building
    }

    /// The folded unit id of a query's unit text, if any complaint has it.
    func unitPart(_ folded: String) -> UInt32? { unitParts[folded] }

    /// Bytes held per complaint by the chains, and in all (for the benchmark's memory figures).
    public var memoryBytes: Int {
        let perSlot = (previousByPhoneTail.count + previousByName.count + previousByHome.count) * 4
        let fixed = newestByPhoneTail.count * 8 + newestByName.count * 4 + (normalBuilding.count + normalUnit.count) * 4
        let tables = (newestByHome.count + buildingParts.count + unitParts.count + foldedNames.count + homesByUnit.count) * 48
        return perSlot + fixed + tables
    }
}
