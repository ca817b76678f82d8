import Foundation

// Keeping the heap of armed deadlines in step with the hot complaints. What is armed is kept per
// hot complaint as plain numbers (`ArmedClocks`), so checking a heap entry never copies a
// complaint (which would retain every string it holds).

/// The due times of a hot complaint's armed clocks and its automatic upgrade (NaN: not armed),
/// in seconds since the reference date, as the heap holds them.
struct ArmedClocks: Sendable, Equatable {
    /// One slot per heap kind, inline: an array here was a heap allocation on every event a hot
    /// complaint received.
    private var dueAt: (Double, Double, Double, Double, Double, Double, Double) = (.nan, .nan, .nan, .nan, .nan, .nan, .nan)
    private static let kinds = 7

    init(_ complaint: borrowing Complaint) {
        for entry in complaint.deadlines.entries where entry.deadline.isArmed && complaint.status != .closed {
            set(entry.kind.ordinal, entry.deadline.dueAt.timeIntervalSinceReferenceDate)
        }
        if let upgradeAt = complaint.autoUpgradeAt, complaint.status.isUnresolved, complaint.severity != .major {
            set(Int(DeadlineHeap.autoUpgradeKind), upgradeAt.timeIntervalSinceReferenceDate)
        }
    }

    private mutating func set(_ kind: Int, _ value: Double) {
        precondition(kind >= 0 && kind < Self.kinds, "heap kind out of range")
        withUnsafeMutableBytes(of: &dueAt) { $0.storeBytes(of: value, toByteOffset: kind * 8, as: Double.self) }
    }

    /// The due time armed for heap kind `kind`, or NaN.
    func due(_ kind: UInt8) -> Double {
        guard Int(kind) < Self.kinds else { return .nan }
        return withUnsafeBytes(of: dueAt) { $0.load(fromByteOffset: Int(kind) * 8, as: Double.self) }
    }

    var isEmpty: Bool { (0..<UInt8(Self.kinds)).allSatisfy { due($0).isNaN } }

    /// Equal when every slot holds the same bits (two unarmed slots, both NaN, are equal).
    static func == (a: ArmedClocks, b: ArmedClocks) -> Bool {
        (0..<UInt8(kinds)).allSatisfy { a.due($0).bitPattern == b.due($0).bitPattern }
    }
}

extension ComplaintBook {
    /// Records what `complaint` (at `slot`) has armed now, and pushes heap entries for clocks
    /// armed or moved since `previous`.
    mutating func rearm(_ slot: Int, _ complaint: borrowing Complaint) {
        let key = Int32(slot)
        let now = ArmedClocks(complaint)
        let before = armed[key]
        guard now != before else { return }
        for kind in 0..<UInt8(7) {
            let due = now.due(kind)
            if !due.isNaN && due != before?.due(kind) { heap.push(.init(dueAt: due, slot: key, kind: kind)) }
        }
        armed[key] = now.isEmpty ? nil : now
    }

    /// Drops stale tops (and every stale entry when the heap has grown past its threshold).
    mutating func cleanHeap() {
        let armed = self.armed
        heap.clean { Self.isLive($0, in: armed) }
    }

    /// Whether a heap entry still describes an armed, unfired deadline of a hot complaint.
    static func isLive(_ entry: DeadlineHeap.Entry, in armed: [Int32: ArmedClocks]) -> Bool {
        armed[entry.slot]?.due(entry.kind) == entry.dueAt
    }
}
