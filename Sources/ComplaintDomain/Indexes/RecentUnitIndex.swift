/// Complaints of the last few weeks by unit (estate, building, unit), oldest first: a repeat or
/// a duplicate hint costs the complaints at that unit, not the building's whole history.
///
/// Only the window the rules look back over is kept (`max(duplicateWindow, repeatWindow)`):
/// lists are trimmed when touched, and the whole index is swept now and then, so memory follows
/// the number of recent complaints, not all of them.
struct RecentUnitIndex: Sendable {
    private var slots: [UInt64: [Int32]] = [:]
    private var registrationsSinceSweep = 0
    /// How many units the last sweep left.
    private var unitsAfterSweep = 0

    /// The key of a unit: building id (estate and building) and unit id.
    static func key(building: UInt32, unit: UInt32) -> UInt64 {
        UInt64(building) << 32 | UInt64(unit)
    }

    /// Records a new complaint at `key`; `isOld` tells whether a slot fell out of the window.
    /// `oldBelow`, asked when a sweep is due, may name the slot below which every slot is old
    /// and from which none is (when slots are received in order): the sweep then compares slots
    /// instead of asking `isOld` of each, which read each slot's record, a cache miss apiece (a
    /// sweep every 65,536 registrations was 2.5 % of a replay's fold).
    mutating func insert(_ slot: Int32, at key: UInt64, isOld: (Int32) -> Bool, oldBelow: () -> Int32? = { nil }) {
        // Changed where it lies in the table: one lookup (taking the list out and putting it back
        // was two, and a deletion that shifted its neighbours back).
        Self.trim(&slots[key, default: []], appending: slot, isOld: isOld)
        registrationsSinceSweep += 1
        // A sweep visits every unit held: done once as many complaints came as the last one left
        // units (at least every 65,536), it costs about one unit per registration, and the table
        // holds at most twice the units of a window (plus 65,536). At 10 M complaints a sweep
        // every 65,536 was 1 % of a replay's fold.
        if registrationsSinceSweep >= max(65_536, unitsAfterSweep) {
            if let cutoff = oldBelow() { sweep { $0 < cutoff } } else { sweep(isOld: isOld) }
        }
    }

    /// Drops the slots of `list` out of the window (the oldest come first), then appends `slot`.
    private static func trim(_ list: inout [Int32], appending slot: Int32, isOld: (Int32) -> Bool) {
        if let firstKept = list.firstIndex(where: { !isOld($0) }) {
            if firstKept > 0 { list.removeFirst(firstKept) }
        } else {
            list.removeAll(keepingCapacity: true)
        }
        list.append(slot)
    }

    /// The slots at `key` still in the window, oldest first (callers check the window exactly).
    func slots(at key: UInt64) -> [Int32] { slots[key] ?? [] }

    /// Drops every slot out of the window, and units left without any.
    mutating func sweep(isOld: (Int32) -> Bool) {
        registrationsSinceSweep = 0
        // Only the lists holding an old slot are touched. Assigning to `slots` while iterating it
        // copied the whole dictionary and reallocated every list: at 570 k complaints, 5 % of a
        // create's time, spent in one stall under the core's lock every 65,536 registrations.
        var stale: [UInt64] = []
        for (key, list) in slots where list.contains(where: isOld) { stale.append(key) }
        for key in stale {
            slots[key]!.removeAll(where: isOld)
            if slots[key]!.isEmpty { slots[key] = nil }
        }
        unitsAfterSweep = slots.count
    }

    /// How many units hold recent complaints.
    var unitCount: Int { slots.count }
}
