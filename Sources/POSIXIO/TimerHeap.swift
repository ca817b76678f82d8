/// A min-heap of timers by deadline (monotonic nanoseconds); cancelled ids are skipped when popped.
struct TimerHeap {
    private struct Entry {
        var deadline: UInt64
        var id: UInt64
        var task: () -> Void
    }
    private var heap: [Entry] = []
    private var cancelled: Set<UInt64> = []
    private var nextID: UInt64 = 1

    /// Adds a timer and returns its id.
    mutating func push(deadline: UInt64, task: @escaping () -> Void) -> UInt64 {
        let id = nextID
        nextID += 1
        heap.append(Entry(deadline: deadline, id: id, task: task))
        siftUp(heap.count - 1)
        return id
    }

    /// Marks a timer as cancelled.
    mutating func cancel(_ id: UInt64) {
        if heap.contains(where: { $0.id == id }) { cancelled.insert(id) }
    }

    /// Milliseconds epoll may sleep: -1 with no timers, rounded up so a timer is never early.
    func millisecondsUntilNext(now: UInt64) -> Int32 {
        guard let first = heap.first else { return -1 }
        if first.deadline <= now { return 0 }
        let ms = (first.deadline - now + 999_999) / 1_000_000
        return Int32(min(ms, 60_000))
    }

    /// Removes and returns the next timer whose deadline has passed (the caller runs it, so a
    /// task may schedule further timers).
    mutating func popExpired(now: UInt64) -> (() -> Void)? {
        while let first = heap.first, first.deadline <= now {
            let entry = popFirst()
            if cancelled.remove(entry.id) != nil { continue }
            return entry.task
        }
        return nil
    }

    private mutating func popFirst() -> Entry {
        let first = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        return first
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            if heap[parent].deadline <= heap[child].deadline { break }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].deadline < heap[smallest].deadline { smallest = left }
            if right < heap.count, heap[right].deadline < heap[smallest].deadline { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
