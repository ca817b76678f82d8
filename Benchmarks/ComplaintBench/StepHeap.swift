/// The next thing to happen to one complaint.
struct Step: Sendable {
    enum Kind: UInt8, Sendable {
        case register, assess, dispatch, acknowledge, progress, resolve, approve, reply, visit, close, followUp
        case remind, extend, upgrade, link
    }

    /// When it happens (Unix seconds).
    var at: Int64
    /// Push order: breaks ties between steps at the same second, so runs are reproducible.
    var serial: UInt64 = 0
    var kind: Kind
    /// Reprocessing round (0 for the first handling).
    var round: UInt8 = 0
    /// Attempt of a visit, or notes left before the resolution.
    var attempt: UInt8 = 0
    /// A time the step carries along: the planned resolution, the follow-up visit's due time.
    var target: Int64 = 0
    /// The complaint's sequence (its id is rebuilt by the book's lookups).
    var sequence: Int32 = 0
    /// The complaint's id; at most 15 bytes, so Swift stores it inline without allocating.
    var id: String = ""
    var fate: Fate
}

/// A binary min-heap of steps ordered by (time, serial).
struct StepHeap {
    private var items: [Step] = []
    private var serial: UInt64 = 0

    var count: Int { items.count }
    /// The most steps waiting at once: the generator's only per-complaint memory.
    private(set) var peak = 0
    var top: Step? { items.first }

    /// The steps still waiting (used for the end-of-run summary).
    var pending: [Step] { items }

    mutating func push(_ step: Step) {
        var step = step
        serial += 1
        step.serial = serial
        items.append(step)
        peak = max(peak, items.count)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Step? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        let count = items.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            let right = left + 1
            let smaller = right < count && Self.before(items[right], items[left]) ? right : left
            guard Self.before(items[smaller], items[parent]) else { break }
            items.swapAt(smaller, parent)
            parent = smaller
        }
        return top
    }

    @inline(__always)
    private static func before(_ a: Step, _ b: Step) -> Bool {
        a.at != b.at ? a.at < b.at : a.serial < b.serial
    }
}
