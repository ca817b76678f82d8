// Runs append completions on a thread of their own, in the order the writer hands them over, so the
// writer can write and sync the next batch while the callers of the last one fold and answer it.
// Without it, every group commit waited for the previous batch's completions (the service's apply:
// fold, index, answer) before its write, and those waited for the fsync: one or the other, never
// both at once.

import Dispatch
import Foundation
import Synchronization

/// A FIFO of completion work served by one thread.
final class CompletionRunner: Sendable {
    private struct Queue: Sendable {
        var work: [@Sendable () -> Void] = []
        var waiting = false
        var closing = false
    }

    private let queue = Mutex(Queue())
    private let wakeup = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the thread.
    func start(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Queues `work` after everything handed over before it.
    func deliver(_ work: @escaping @Sendable () -> Void) {
        let wake = queue.withLock { queue -> Bool in
            queue.work.append(work)
            defer { queue.waiting = false }
            return queue.waiting
        }
        if wake { wakeup.signal() }
    }

    /// Runs what is queued, then stops the thread. Must not be called from a completion.
    func close() {
        let wake = queue.withLock { queue -> Bool in
            queue.closing = true
            defer { queue.waiting = false }
            return queue.waiting
        }
        if wake { wakeup.signal() }
        finished.wait()
    }

    private func run() {
        var taken: [@Sendable () -> Void] = []
        while true {
            let closing = queue.withLock { queue -> Bool in
                swap(&taken, &queue.work)
                if taken.isEmpty && !queue.closing { queue.waiting = true }
                return queue.closing
            }
            if taken.isEmpty {
                if closing { break }
                wakeup.wait()
                continue
            }
            for work in taken { work() }
            taken.removeAll(keepingCapacity: true)
        }
        finished.signal()
    }
}
