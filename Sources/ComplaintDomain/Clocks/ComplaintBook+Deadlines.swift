import Foundation

// Keeping the heap of armed deadlines in step with the hot complaints. What is armed is kept per
// hot complaint as plain numbers (`ArmedClocks`), so checking a heap entry never copies a
// complaint (which would retain every string it holds).

/// The due times of a hot complaint's armed clocks and its automatic upgrade (NaN: not armed),
/// in seconds since the reference date, as the heap holds them.
struct ArmedClocks: Sendable, Equatable {
    private var dueAt = [Double](repeating: .nan, count: 7)

    init(_ complaint: borrowing Complaint) {
        for entry in complaint.deadlines.entries where entry.deadline.isArmed && complaint.status != .closed {
            dueAt[entry.kind.ordinal] = entry.deadline.dueAt.timeIntervalSinceReferenceDate
        }
        if let upgradeAt = complaint.autoUpgradeAt, complaint.status.isUnresolved, complaint.severity != .major {
            dueAt[Int(DeadlineHeap.autoUpgradeKind)] = upgradeAt.timeIntervalSinceReferenceDate
        }
    }

    /// The due time armed for heap kind `kind`, or NaN.
    func due(_ kind: UInt8) -> Double { Int(kind) < dueAt.count ? dueAt[Int(kind)] : .nan }

    var isEmpty: Bool { dueAt.allSatisfy(\.isNaN) }
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
