import Foundation

/// What an armed deadline asks the scheduler to do.
public enum DeadlineKind: Sendable, Hashable {
    /// A service-level clock ran out: escalate it.
    case clock(ClockKind)
    /// A valid complaint stayed unresolved for `autoUpgradeAfter`: make it major.
    case autoUpgrade
}

/// A deadline that is due and has not fired yet.
public struct DueDeadline: Sendable, Hashable {
    /// The complaint.
    public var complaintID: String
    /// What fires.
    public var kind: DeadlineKind
    /// When it was due.
    public var dueAt: Date

    /// The command that fires it; `decide` re-checks that it is still due.
    public var command: Command {
        switch kind {
        case .clock(let clock): return .escalate(id: complaintID, clock)
        case .autoUpgrade: return .upgradeUnresolved(id: complaintID)
        }
    }
}

/// A min-heap of armed deadlines with lazy deletion.
///
/// Entries are never updated in place: re-arming pushes a new entry and the old one is skipped
/// when found stale (met, escalated, moved). Stale tops are popped after each applied event and
/// the heap is rebuilt when stale entries outnumber live ones, so memory stays bounded.
struct DeadlineHeap: Sendable {
    /// One entry: 16 bytes, so a million armed clocks cost 16 MB.
    struct Entry: Sendable {
        var dueAt: Double
        var slot: Int32
        /// `ClockKind.ordinal`, or `autoUpgradeKind`.
        var kind: UInt8
    }

    static let autoUpgradeKind: UInt8 = 6

    private(set) var entries: [Entry] = []
    private var compactAt = 4_096

    var top: Entry? { entries.first }
    var count: Int { entries.count }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].dueAt < entries[parent].dueAt else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popTop() {
        guard !entries.isEmpty else { return }
        entries.swapAt(0, entries.count - 1)
        entries.removeLast()
        siftDown(0)
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let count = entries.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            let right = left + 1
            let smaller = right < count && entries[right].dueAt < entries[left].dueAt ? right : left
            guard entries[smaller].dueAt < entries[parent].dueAt else { return }
            entries.swapAt(smaller, parent)
            parent = smaller
        }
    }

    /// Pops stale tops and, when the heap has grown past its threshold, drops every stale entry.
    mutating func clean(isLive: (Entry) -> Bool) {
        while let top, !isLive(top) { popTop() }
        guard entries.count > compactAt else { return }
        entries.removeAll { !isLive($0) }
        for index in stride(from: entries.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
        compactAt = Swift.max(4_096, entries.count * 2)
    }

    /// Every entry due at or before `limit`, visiting only the subtrees that can hold one.
    func entries(dueBy limit: Double) -> [Entry] {
        var result: [Entry] = []
        var stack = entries.isEmpty ? [] : [0]
        while let index = stack.popLast() {
            let entry = entries[index]
            guard entry.dueAt <= limit else { continue }
            result.append(entry)
            let left = 2 * index + 1
            if left < entries.count { stack.append(left) }
            if left + 1 < entries.count { stack.append(left + 1) }
        }
        return result
    }
}
