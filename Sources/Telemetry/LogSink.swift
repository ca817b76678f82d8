import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Where log lines wait to be written: a bounded buffer drained by one writer thread, so that no
/// caller ever waits for the output. A pipe whose reader stopped reading would otherwise stall the
/// event loops and the store's writer on their next line; here the writer thread stalls alone, the
/// buffer fills, and further lines are dropped and counted.
final class LogSink: Sendable {
    private struct State {
        var pending: [UInt8] = []
        /// Lines lost: dropped because the buffer was full, or failed to write (output closed).
        var dropped: UInt64 = 0
        /// The writer thread holds a taken chunk it has not finished writing.
        var writing = false
        /// A wake-up is already on its way to the writer thread.
        var wakePending = false
        var closed = false
    }

    private let fd: Int32
    private let capacity: Int
    private let state = Mutex<State>(State())
    private let wake = DispatchSemaphore(value: 0)

    /// Starts the writer thread for `fd`; at most `capacity` bytes wait in memory.
    init(fd: Int32, capacity: Int) {
        self.fd = fd
        self.capacity = max(1, capacity)
        LogSink.startThread { [self] in runWriter() }
    }

    /// Queues whole, newline-terminated lines; drops them (and counts them) when they do not fit.
    func enqueue(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        let mustWake = state.withLock { state -> Bool in
            guard !state.closed, state.pending.count + bytes.count <= capacity else {
                state.dropped &+= LogSink.lineCount(bytes)
                return false
            }
            state.pending.append(contentsOf: bytes)
            if state.wakePending { return false }
            state.wakePending = true
            return true
        }
        if mustWake { wake.signal() }
    }

    /// Lines lost so far.
    var droppedLines: UInt64 { state.withLock { $0.dropped } }

    /// Waits until every queued line was written or `timeoutSeconds` passed; true when all were.
    func flush(timeoutSeconds: Double) -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(max(0, timeoutSeconds) * 1e9)
        while true {
            if state.withLock({ $0.pending.isEmpty && !$0.writing }) { return true }
            if DispatchTime.now().uptimeNanoseconds >= deadline { return false }
            usleep(2_000)
        }
    }

    /// Stops the writer thread once the buffer is empty (a blocked write keeps it until it returns).
    func close() {
        state.withLock { $0.closed = true }
        wake.signal()
    }

    // MARK: writer thread

    private func runWriter() {
        var chunk: [UInt8] = []
        while true {
            wake.wait()
            while true {
                let stop = state.withLock { state -> Bool in
                    swap(&chunk, &state.pending)  // the empty chunk goes back with its capacity
                    state.writing = !chunk.isEmpty
                    state.wakePending = false
                    return state.closed && chunk.isEmpty
                }
                if stop { return }
                if chunk.isEmpty { break }
                let lost = write(chunk)
                chunk.removeAll(keepingCapacity: chunk.capacity <= capacity)
                state.withLock { state in
                    state.writing = false
                    state.dropped &+= lost
                }
            }
        }
    }

    /// Writes everything, waiting as long as the output needs; returns the lines lost to an error.
    private func write(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { raw -> UInt64 in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n >= 0 {
                    offset += n
                    continue
                }
                switch errno {
                case EINTR:
                    continue
                case EAGAIN:
                    // A non-blocking descriptor: wait for room instead of spinning.
                    var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&poller, 1, 100)
                default:
                    // The output is gone: logging must never take the service down.
                    return LogSink.lineCount(UnsafeRawBufferPointer(rebasing: raw[offset...]))
                }
            }
            return 0
        }
    }

    private static func lineCount<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
        var count: UInt64 = 0
        for byte in bytes where byte == UInt8(ascii: "\n") { count &+= 1 }
        return max(count, 1)
    }

    /// A detached thread that blocks every signal, so SIGTERM always reaches the thread that
    /// waits for it, however early the first line was logged.
    private static func startThread(_ body: @escaping () -> Void) {
        final class Box {
            let body: () -> Void
            init(_ body: @escaping () -> Void) { self.body = body }
        }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { raw in
                var all = sigset_t()
                sigfillset(&all)
                pthread_sigmask(SIG_BLOCK, &all, nil)
                Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, box)
        precondition(result == 0, "pthread_create failed: \(result)")
        pthread_detach(thread)
    }
}
