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

/// A binary min-heap of steps ordered by (time, serial). The heap moves 24-byte keys; the steps
/// themselves (about a hundred bytes each) stay in a slab until popped, so a sift touches a few
/// cache lines even when tens of thousands of steps wait (10 M complaints).
struct StepHeap {
    /// A waiting step's order and where it is in the slab.
    private struct Key {
        var at: Int64
        var serial: UInt64
        var slot: Int
    }

    private var keys: [Key] = []
    private var slab: [Step] = []
    /// Slab slots free for the next push.
    private var free: [Int] = []
    private var serial: UInt64 = 0

    var count: Int { keys.count }
    /// The most steps waiting at once: the generator's only per-complaint memory.
    private(set) var peak = 0
    /// When the next step happens, if any waits.
    var nextAt: Int64? { keys.first?.at }

    /// The steps still waiting (used for the end-of-run summary), in no particular order.
    var pending: [Step] { keys.map { slab[$0.slot] } }

    mutating func push(_ step: Step) {
        var step = step
        serial += 1
        step.serial = serial
        let slot: Int
        if let reused = free.popLast() {
            slot = reused
            slab[slot] = step
        } else {
            slot = slab.count
            slab.append(step)
        }
        keys.append(Key(at: step.at, serial: serial, slot: slot))
        peak = max(peak, keys.count)
        var child = keys.count - 1
        let key = keys[child]
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(key, keys[parent]) else { break }
            keys[child] = keys[parent]
            child = parent
        }
        keys[child] = key
    }

    mutating func pop() -> Step? {
        guard let top = keys.first else { return nil }
        let last = keys.removeLast()
        let count = keys.count
        if count > 0 {
            var parent = 0
            while true {
                let left = 2 * parent + 1
                guard left < count else { break }
                let right = left + 1
                let smaller = right < count && Self.before(keys[right], keys[left]) ? right : left
                guard Self.before(keys[smaller], last) else { break }
                keys[parent] = keys[smaller]
                parent = smaller
            }
            keys[parent] = last
        }
        free.append(top.slot)
        return slab[top.slot]
    }

    @inline(__always)
    private static func before(_ a: Key, _ b: Key) -> Bool {
        a.at != b.at ? a.at < b.at : a.serial < b.serial
    }
}
