import Dispatch
import Synchronization

/// Work cut into `count` chunks that any thread may help with: each thread that calls `help`
/// claims the next chunk through an atomic counter until none is left, so every chunk is done
/// exactly once, by whichever thread was free. The owner calls `help` too, then
/// `waitUntilDone`, which returns once the last chunk is done (by whoever claimed it).
///
/// `work` may read memory the owner lends only while it waits (a batch's buffers): a chunk is
/// only started after a successful claim, and the owner does not return before every claimed
/// chunk is done, so a thread that still holds this object afterwards claims nothing and never
/// calls `work` again.
final class SharedChunks: Sendable {
    let count: Int
    /// The next chunk to hand out (it goes past `count` as late helpers find nothing left).
    private let claimed = Atomic<Int>(0)
    private let completed = Atomic<Int>(0)
    /// Signalled once, by whoever completes the last chunk.
    private let done = DispatchSemaphore(value: 0)
    /// nonisolated(unsafe): each chunk writes only its own part of the output, and the owner
    /// reads the output after `waitUntilDone` (the semaphore orders the writes before it).
    nonisolated(unsafe) private let work: (_ chunk: Int) -> Void

    init(count: Int, work: @escaping (_ chunk: Int) -> Void) {
        self.count = count
        self.work = work
        if count == 0 { done.signal() }
    }

    /// Whether a chunk is left to claim (a hint: another thread may claim it first).
    var hasUnclaimed: Bool { claimed.load(ordering: .relaxed) < count }

    /// Does chunks until none is left to claim; answers how many this thread did.
    @discardableResult
    func help() -> Int {
        var did = 0
        while true {
            let chunk = claimed.wrappingAdd(1, ordering: .relaxed).oldValue
            guard chunk < count else { return did }
            work(chunk)
            did += 1
            if completed.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue == count { done.signal() }
        }
    }

    /// Returns once every chunk is done; answers how long it waited, in nanoseconds (for a chunk
    /// another thread claimed and had not finished).
    @discardableResult
    func waitUntilDone() -> UInt64 {
        if completed.load(ordering: .acquiring) == count {
            done.wait()
            return 0
        }
        let started = DispatchTime.now().uptimeNanoseconds
        done.wait()
        return DispatchTime.now().uptimeNanoseconds - started
    }
}
