import POSIXIO
import Synchronization
import Telemetry

#if canImport(Glibc)
    import Glibc
#endif

/// Per-loop state shared by that loop's connections: one read buffer (idle connections hold
/// no buffer of their own), the Date line, the access-log buffer, metrics and the sweep list.
///
/// `@unchecked Sendable` is safe: everything but `metrics` (a Mutex) is touched only on the
/// loop's own thread — other threads reach a context only through `loop.execute`, and the
/// server reads `loop` and `metrics` alone.
final class LoopContext: @unchecked Sendable, ConnectionEnvironment {
    let loop: EventLoop
    let index: Int
    unowned(unsafe) let server: HTTPServer
    let readBuffer: UnsafeMutableRawBufferPointer
    var connections: [HTTPConnection] = []
    // Touched on every request by the loop's thread alone, never in overlapping accesses:
    // exempt from the runtime's exclusivity bookkeeping (as `HTTPConnection`'s hot state).
    @exclusivity(unchecked) var dateCache = HTTPDateCache()
    @exclusivity(unchecked) var accessLog: [UInt8] = []
    /// Where response heads and access-log lines are composed before one copy out.
    let scratch = ByteScratch()
    let metrics = Mutex<LoopMetrics>(LoopMetrics())
    private var listener: Int32 = -1
    @exclusivity(unchecked) private var requestCounter: UInt64 = 0
    private let idPrefix: UInt64
    private var lastAcceptErrorLog: UInt64 = 0

    init(loop: EventLoop, index: Int, server: HTTPServer) {
        self.loop = loop
        self.clock = loop
        self.index = index
        self.server = server
        self.readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        self.idPrefix = UInt64.random(in: 0...UInt64.max) & 0x0FFF_FFFF_0000_0000
        let configuration = server.configuration
        serverLine = Array("Server: \(configuration.serverName)\r\n".utf8)
        corsExposeLine =
            configuration.cors.exposedHeaders.isEmpty
            ? [] : Array("Access-Control-Expose-Headers: \(configuration.cors.exposedHeaders.joined(separator: ", "))\r\n".utf8)
        accessLogEnabled = configuration.accessLog
        // Access-log lines are handed to the logger in blocks (like nginx's `access_log buffer=`):
        // one hand-over per request would add a lock round-trip to every request.
        loop.addBatchHook { [unowned(unsafe) self] in
            if self.accessLog.count >= 32 * 1024 { self.flushAccessLog() }
        }
    }

    deinit { readBuffer.deallocate() }

    /// The loop's cached monotonic time (the clock of its connections' state machines).
    var now: UInt64 { clock.now }
    /// `loop` without a retain at every read of the time: this context owns the loop.
    private unowned(unsafe) let clock: EventLoop

    /// A new request id: 15 hex digits (fits Swift's small-string storage, so no allocation).
    func makeRequestID() -> String {
        requestCounter &+= 1
        let value = (idPrefix | UInt64(index) << 24) &+ requestCounter
        return String(unsafeUninitializedCapacity: 15) { buffer in
            var v = value
            for i in stride(from: 14, through: 0, by: -1) {
                let nibble = UInt8(v & 0xF)
                buffer[i] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                v >>= 4
            }
            return 15
        }
    }

    /// Bytes written on every response, encoded once.
    let serverLine: [UInt8]
    let corsExposeLine: [UInt8]
    let accessLogEnabled: Bool

    /// Hands the buffered access lines to the logger (which never blocks).
    func flushAccessLog() {
        guard !accessLog.isEmpty else { return }
        server.log.writeLines(accessLog)
        accessLog.removeAll(keepingCapacity: accessLog.capacity <= 1 << 20)
    }

    // MARK: accepting

    /// Watches the listening socket every loop shares; EPOLLEXCLUSIVE wakes one loop per
    /// connection instead of all of them.
    func startListening(_ fd: Int32) throws(SystemCallError) {
        listener = fd
        try loop.register(fd, events: Epoll.input | Epoll.exclusive, handler: ListenerHandler(context: self))
    }

    func acceptReady() {
        for _ in 0..<64 {
            let result: Socket.AcceptResult
            do {
                result = try Socket.accept(listener)
            } catch {
                server.log.error("accept failed", [("error", .string("\(error)"))])
                return
            }
            switch result {
            case .wouldBlock:
                return
            case .transient:
                continue
            case .outOfDescriptors(let code):
                pauseAccepting(errno: code)
                return
            case .accepted(let fd):
                server.acceptedTotal.add(1, ordering: .relaxed)
                let open = server.openConnections.add(1, ordering: .relaxed).newValue
                if open > server.configuration.maxConnections || server.isDraining {
                    refuse(fd)
                    continue
                }
                Socket.setNoDelay(fd)
                let target = server.loopForNextConnection()
                if target === self {
                    adopt(fd)
                } else {
                    target.loop.execute { target.adopt(fd) }
                }
            }
        }
    }

    /// Serves an accepted connection on this loop.
    func adopt(_ fd: Int32) {
        let connection = HTTPConnection(fd: fd, context: self)
        connection.sweepIndex = connections.count
        connections.append(connection)
        do {
            try loop.register(fd, events: Epoll.input | Epoll.readHangUp, handler: connection)
        } catch {
            connection.abandon()
        }
    }

    /// Out of descriptors: stop watching the listener for a while instead of spinning on it
    /// (an EPOLLEXCLUSIVE registration cannot be modified, only removed and added again).
    private func pauseAccepting(errno code: Int32) {
        if loop.now &- lastAcceptErrorLog > 1_000_000_000 {
            lastAcceptErrorLog = loop.now
            server.log.error("accept paused: out of file descriptors", [("errno", .int(Int(code)))])
        }
        guard listener >= 0 else { return }
        let fd = listener
        listener = -1
        loop.deregister(fd)
        loop.schedule(afterNanoseconds: 100_000_000) { [unowned self] in
            guard !self.server.isDraining else { return }
            do {
                try self.startListening(fd)
            } catch {
                self.server.log.error("listen failed", [("error", .string("\(error)"))])
            }
        }
    }

    /// Over the connection cap: answer 503 and close at once.
    private func refuse(_ fd: Int32) {
        var bytes: [UInt8] = []
        let info = RequestInfo.unparsed(requestID: makeRequestID(), start: loop.now)
        ResponseWriter.serialize(ProtocolError.tooManyConnections.response, info: info, keepAlive: false, context: self, into: &bytes)
        _ = bytes.withUnsafeBytes { try? Syscall.send(fd, $0) }
        Socket.shutdownWrite(fd)
        Syscall.close(fd)
        server.openConnections.subtract(1, ordering: .relaxed)
    }

    /// Stops watching the shared listener (the server closes it once every loop has stopped).
    func stopListening() {
        if listener >= 0 {
            loop.deregister(listener)
            listener = -1
        }
        server.loopStoppedListening()
    }

    // MARK: timeouts

    func scheduleSweep(every nanoseconds: UInt64) {
        loop.schedule(afterNanoseconds: nanoseconds) { [unowned(unsafe) self] in
            self.sweep()
            self.scheduleSweep(every: nanoseconds)
        }
    }

    /// Buffered access-log lines reach the logger at least this often.
    func scheduleLogFlush(every nanoseconds: UInt64) {
        loop.schedule(afterNanoseconds: nanoseconds) { [unowned(unsafe) self] in
            self.flushAccessLog()
            self.scheduleLogFlush(every: nanoseconds)
        }
    }

    /// The access-log timestamp, with the part up to the seconds cached per second.
    func writeLogTimestamp(to line: inout ByteCursor) {
        let ms = Timestamp.nowMilliseconds()
        let second = ms / 1000
        if second != logSecond {
            logSecond = second
            logSecondPrefix = []
            Timestamp.appendISO8601(millisecondsSinceEpoch: second * 1000, to: &logSecondPrefix)
            logSecondPrefix.removeLast(5)  // drop `000Z"`
        }
        line.write(logSecondPrefix)
        let millis = Int(ms % 1000)
        line.write(UInt8(ascii: "0") + UInt8(millis / 100))
        line.write(UInt8(ascii: "0") + UInt8(millis / 10 % 10))
        line.write(UInt8(ascii: "0") + UInt8(millis % 10))
        line.write("Z\"")
    }
    @exclusivity(unchecked) private var logSecond: Int64 = -1
    @exclusivity(unchecked) private var logSecondPrefix: [UInt8] = []

    private func sweep() {
        let now = loop.now
        var i = 0
        while i < connections.count {
            let connection = connections[i]
            if connection.deadline != 0 && now >= connection.deadline {
                connection.timedOut()
            }
            // timedOut may have removed the connection from the list (swap-remove).
            if i < connections.count && connections[i] === connection { i += 1 }
        }
    }

    func remove(_ connection: HTTPConnection) {
        let index = connection.sweepIndex
        guard index >= 0, index < connections.count, connections[index] === connection else { return }
        let last = connections.removeLast()
        if index < connections.count {
            connections[index] = last
            last.sweepIndex = index
        }
        connection.sweepIndex = -1
    }

    /// Graceful shutdown on this loop: no new connections; idle ones close now, busy ones after their response.
    func beginDraining() {
        stopListening()
        flushAccessLog()
        for connection in connections { connection.drain() }
    }
}

/// Accepts on the listening socket.
final class ListenerHandler: EventHandler {
    unowned let context: LoopContext
    init(context: LoopContext) { self.context = context }
    func handleEvent(_ events: UInt32) { context.acceptReady() }
}
