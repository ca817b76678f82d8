import Testing

@testable import ComplaintDomain

/// The recent-complaints-by-unit index behind duplicate hints and repeats: a sweep drops exactly
/// the slots out of the window, keeps the order of the rest, and forgets units left empty.
struct RecentUnitIndexTests {
    @Test func sweepDropsOldSlotsAndEmptyUnits() {
        var index = RecentUnitIndex()
        let unitA = RecentUnitIndex.key(building: 1, unit: 1)
        let unitB = RecentUnitIndex.key(building: 1, unit: 2)
        let unitC = RecentUnitIndex.key(building: 2, unit: 1)
        let never: (Int32) -> Bool = { _ in false }
        for slot: Int32 in [1, 4, 7] { index.insert(slot, at: unitA, isOld: never) }
        for slot: Int32 in [2, 5] { index.insert(slot, at: unitB, isOld: never) }
        index.insert(3, at: unitC, isOld: never)
        // Out of the window: 1, 2, 5 and 3 (an old slot after a kept one is dropped too).
        let old: Set<Int32> = [1, 2, 3, 5]
        index.sweep { old.contains($0) }
        #expect(index.slots(at: unitA) == [4, 7])
        #expect(index.slots(at: unitB) == [])
        #expect(index.slots(at: unitC) == [])
        #expect(index.unitCount == 1)
    }

    @Test func sweepWithNothingOldKeepsEveryUnit() {
        var index = RecentUnitIndex()
        for unit: UInt32 in 0..<100 {
            index.insert(Int32(unit), at: RecentUnitIndex.key(building: 7, unit: unit)) { _ in false }
        }
        index.sweep { _ in false }
        #expect(index.unitCount == 100)
        #expect(index.slots(at: RecentUnitIndex.key(building: 7, unit: 42)) == [42])
    }
}
