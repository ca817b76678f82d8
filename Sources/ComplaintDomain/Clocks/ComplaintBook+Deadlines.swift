import Foundation

// Keeping the heap of armed deadlines in step with the hot complaints.

extension ComplaintBook {
    /// Pushes heap entries for clocks armed or moved by the last event.
    mutating func pushArmed(_ slot: Int, _ complaint: borrowing Complaint, deadlinesBefore old: Deadlines?, upgradeBefore: Date?) {
        for entry in complaint.deadlines.entries where entry.deadline.isArmed {
            let (kind, deadline) = (entry.kind, entry.deadline)
            let previous = old?[kind]
            if previous?.dueAt != deadline.dueAt || previous?.isArmed != true {
                heap.push(.init(dueAt: deadline.dueAt.timeIntervalSinceReferenceDate, slot: Int32(slot), kind: UInt8(kind.ordinal)))
            }
        }
        if let upgradeAt = complaint.autoUpgradeAt, upgradeAt != upgradeBefore {
            heap.push(.init(dueAt: upgradeAt.timeIntervalSinceReferenceDate, slot: Int32(slot), kind: DeadlineHeap.autoUpgradeKind))
        }
    }

    /// Drops stale tops (and every stale entry when the heap has grown past its threshold).
    mutating func cleanHeap() {
        let hot = self.hot
        heap.clean { Self.isLive($0, in: hot) }
    }

    /// Whether a heap entry still describes an armed, unfired deadline of a hot complaint.
    static func isLive(_ entry: DeadlineHeap.Entry, in hot: [Int32: Complaint]) -> Bool {
        guard let complaint = hot[entry.slot], complaint.status != .closed else { return false }
        if entry.kind == DeadlineHeap.autoUpgradeKind {
            return complaint.autoUpgradeAt?.timeIntervalSinceReferenceDate == entry.dueAt
                && complaint.status.isUnresolved && complaint.severity != .major
        }
        guard let deadline = complaint.deadlines[ClockKind(ordinal: Int(entry.kind))] else { return false }
        return deadline.isArmed && deadline.dueAt.timeIntervalSinceReferenceDate == entry.dueAt
    }
}
