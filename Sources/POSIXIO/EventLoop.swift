import CLinux
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Something registered with a loop for readiness events on one descriptor.
public protocol EventHandler: AnyObject {
    /// Called on the loop's thread with the epoll event bits.
    func handleEvent(_ events: UInt32)
}

/// One thread, one epoll instance: readiness events, tasks handed over from other threads
/// (woken through an eventfd), timers kept in a min-heap, and hooks run after each batch.
///
/// `@unchecked Sendable` is safe: what other threads may call — `execute`, `stop`, `inEventLoop`
/// and `name` — touches only the Mutex-guarded inbox, the eventfd, immutable values and
/// `threadID` (written once by `run()` before the loop reads any task, and compared only to
/// ask "is this the loop thread?"). Everything else is documented "loop thread only".
public final class EventLoop: @unchecked Sendable {
    /// The loop's name, for logs and the thread name.
    public let name: String
    private let epfd: Int32
    private let wakeFd: Int32
    // Loop-thread state: handlers by descriptor, with a generation so a stale event for a
    // reused descriptor number is ignored.
    // Loop thread only and never in overlapping accesses: exempt from the runtime's exclusivity
    // bookkeeping, which cost three checks an event.
    @exclusivity(unchecked) private var handlers: [EventHandler?] = []
    @exclusivity(unchecked) private var generations: [UInt32] = []
    private var timers = TimerHeap()
    private var afterBatch: [() -> Void] = []
    private var running = true
    private var threadID: pthread_t?
    /// Monotonic nanoseconds read once after each wake-up; cheap "now" for the loop's work.
    /// Written by the loop's thread alone, between batches; read by its handlers on that thread.
    public var now: UInt64 { nowCell.pointee }
    // Behind a pointer, not a stored `var`: other modules inline the getter, and there a class's
    // stored property is checked for exclusive access at every read (`@exclusivity(unchecked)`
    // does not travel with the inlined code) — three checks a request.
    private let nowCell: UnsafeMutablePointer<UInt64> = {
        let cell = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        cell.initialize(to: Monotonic.nanoseconds())
        return cell
    }()

    // Cross-thread state.
    private let inbox = Mutex<Inbox>(Inbox())
    private struct Inbox {
        var tasks: [() -> Void] = []
        var wakePending = false
        var stopRequested = false
    }
    private static let wakeToken: UInt64 = UInt64.max

    /// Creates the loop's epoll and eventfd; the loop runs once `run()` is called on a thread.
    public init(name: String) throws(SystemCallError) {
        self.name = name
        epfd = try Epoll.create()
        wakeFd = try EventFd.create()
        try Epoll.add(epfd, wakeFd, events: Epoll.input, data: EventLoop.wakeToken)
    }

    deinit {
        Syscall.close(wakeFd)
        Syscall.close(epfd)
        nowCell.deallocate()
    }

    /// True when called on this loop's thread.
    public var inEventLoop: Bool {
        guard let threadID else { return false }
        return pthread_equal(threadID, pthread_self()) != 0
    }

    // MARK: registration (loop thread only)

    /// Registers `handler` for `events` on `fd`.
    public func register(_ fd: Int32, events: UInt32, handler: EventHandler) throws(SystemCallError) {
        let index = Int(fd)
        if index >= handlers.count {
            let grow = max(index + 1, handlers.count * 2, 64) - handlers.count
            handlers.append(contentsOf: repeatElement(nil, count: grow))
            generations.append(contentsOf: repeatElement(0, count: grow))
        }
        generations[index] &+= 1
        handlers[index] = handler
        try Epoll.add(epfd, fd, events: events, data: UInt64(generations[index]) << 32 | UInt64(UInt32(bitPattern: fd)))
    }

    /// Changes the interest set of a registered descriptor.
    public func modify(_ fd: Int32, events: UInt32) throws(SystemCallError) {
        let index = Int(fd)
        try Epoll.modify(epfd, fd, events: events, data: UInt64(generations[index]) << 32 | UInt64(UInt32(bitPattern: fd)))
    }

    /// Removes a descriptor before it is closed.
    public func deregister(_ fd: Int32) {
        let index = Int(fd)
        guard index < handlers.count else { return }
        Epoll.remove(epfd, fd)
        handlers[index] = nil
        generations[index] &+= 1
    }

    /// Adds a hook run after every batch of events (e.g. flushing buffered logs).
    public func addBatchHook(_ hook: @escaping () -> Void) {
        afterBatch.append(hook)
    }

    // MARK: timers (loop thread only)

    /// Runs `task` on the loop after `nanoseconds`; returns an id for `cancelTimer`.
    @discardableResult
    public func schedule(afterNanoseconds nanoseconds: UInt64, _ task: @escaping () -> Void) -> UInt64 {
        timers.push(deadline: Monotonic.nanoseconds() &+ nanoseconds, task: task)
    }

    /// Cancels a timer that has not fired yet.
    public func cancelTimer(_ id: UInt64) {
        timers.cancel(id)
    }

    // MARK: cross-thread

    /// Runs `task` on the loop's thread soon; callable from any thread.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        let mustWake = inbox.withLock { inbox -> Bool in
            inbox.tasks.append(task)
            if inbox.wakePending { return false }
            inbox.wakePending = true
            return true
        }
        if mustWake { EventFd.signal(wakeFd) }
    }

    /// Asks the loop to return from `run()` after the current batch; callable from any thread.
    public func stop() {
        inbox.withLock {
            $0.stopRequested = true
            $0.wakePending = true
        }
        EventFd.signal(wakeFd)
    }

    // MARK: running

    /// Runs the loop on the calling thread until `stop()`.
    public func run() {
        threadID = pthread_self()
        let capacity = 256
        let events = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
        let data = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        defer {
            events.deallocate()
            data.deallocate()
        }
        while running {
            let timeout = timers.millisecondsUntilNext(now: Monotonic.nanoseconds())
            let count: Int
            do {
                count = try Epoll.wait(epfd, events: events, data: data, capacity: Int32(capacity), timeoutMilliseconds: timeout)
            } catch {
                preconditionFailure("\(error)")
            }
            nowCell.pointee = Monotonic.nanoseconds()
            var woken = false
            for i in 0..<count {
                let token = data[i]
                if token == EventLoop.wakeToken {
                    woken = true
                    continue
                }
                let fd = Int(UInt32(truncatingIfNeeded: token))
                guard fd < handlers.count, UInt32(token >> 32) == generations[fd], let handler = handlers[fd] else { continue }
                handler.handleEvent(events[i])
            }
            if woken { runTasks() }
            while let task = timers.popExpired(now: now) { task() }
            for hook in afterBatch { hook() }
        }
    }

    private func runTasks() {
        EventFd.drain(wakeFd)
        let (tasks, stop) = inbox.withLock { inbox -> ([() -> Void], Bool) in
            let tasks = inbox.tasks
            inbox.tasks.removeAll(keepingCapacity: true)
            inbox.wakePending = false
            return (tasks, inbox.stopRequested)
        }
        for task in tasks { task() }
        if stop { running = false }
    }
}
