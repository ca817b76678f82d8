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

    @Test func aSweepByCutoffDropsWhatTheWindowRuleDrops() {
        // 70,000 registrations, one sweep due at the 65,536th: a unit that saw only the first
        // complaints, units seen all along. Slots more than 1,000 behind the newest are old.
        func build(cutoff: Bool) -> RecentUnitIndex {
            var index = RecentUnitIndex()
            for slot: Int32 in 0..<70_000 {
                let unit = slot < 10 ? 99 : UInt32(slot % 10)
                index.insert(
                    slot, at: RecentUnitIndex.key(building: 1, unit: unit), isOld: { $0 < slot - 1_000 },
                    oldBelow: { cutoff ? slot - 1_000 : nil })
            }
            return index
        }
        let bySlot = build(cutoff: true)
        let byRecord = build(cutoff: false)
        #expect(bySlot.unitCount == 10)
        #expect(bySlot.slots(at: RecentUnitIndex.key(building: 1, unit: 99)) == [])
        for unit: UInt32 in 0...9 {
            let key = RecentUnitIndex.key(building: 1, unit: unit)
            #expect(bySlot.slots(at: key) == byRecord.slots(at: key))
            #expect(bySlot.slots(at: key).first! >= 69_000 - 10)
        }
        // The cutoff is what the sweep goes by when given: a cutoff of 5 keeps slots 5...9.
        var index = RecentUnitIndex()
        for slot: Int32 in 0..<65_536 {
            index.insert(slot, at: RecentUnitIndex.key(building: 2, unit: UInt32(slot)), isOld: { _ in false }, oldBelow: { 5 })
        }
        #expect(index.unitCount == 65_536 - 5)
        #expect(index.slots(at: RecentUnitIndex.key(building: 2, unit: 4)) == [])
        #expect(index.slots(at: RecentUnitIndex.key(building: 2, unit: 5)) == [5])
    }

    @Test func theUnitsHeldFollowTheWindowNotTheHistory() {
        // 400,000 complaints, each at a unit of its own, the window the last 100,000: more units
        // than a sweep every 65,536 registrations would be spaced by. What is held stays within
        // twice the window, and every unit in the window is still there.
        var index = RecentUnitIndex()
        let window: Int32 = 100_000
        var most = 0
        for slot: Int32 in 0..<400_000 {
            index.insert(
                slot, at: RecentUnitIndex.key(building: 3, unit: UInt32(slot)), isOld: { $0 <= slot - window },
                oldBelow: { slot - window + 1 })
            most = max(most, index.unitCount)
        }
        #expect(most <= 2 * Int(window) + 1)
        #expect(index.unitCount >= Int(window))
        for slot: Int32 in stride(from: 400_000 - window, to: 400_000, by: 997) {
            #expect(index.slots(at: RecentUnitIndex.key(building: 3, unit: UInt32(slot))) == [slot])
        }
        #expect(index.slots(at: RecentUnitIndex.key(building: 3, unit: 0)) == [])
    }
}
