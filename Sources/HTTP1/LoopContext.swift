#if canImport(Glibc)
import Glibc
#endif
import POSIXIO
import Synchronization
import Telemetry

/// Per-loop state shared by that loop's connections: one read buffer (idle connections hold
/// no buffer of their own), the Date line, the access-log buffer, metrics and the sweep list.
final class LoopContext: @unchecked Sendable {
    let loop: EventLoop
    let index: Int
    unowned(unsafe) let server: HTTPServer
    let readBuffer: UnsafeMutableRawBufferPointer
    var connections: [HTTPConnection] = []
    var dateCache = HTTPDateCache()
    var accessLog: [UInt8] = []
    let metrics = Mutex<LoopMetrics>(LoopMetrics())
    var listener: Int32 = -1
    var listenerPaused = false
    private var requestCounter: UInt64 = 0
    private let idPrefix: UInt64
    private var lastAcceptErrorLog: UInt64 = 0

    init(loop: EventLoop, index: Int, server: HTTPServer) {
        self.loop = loop
        self.index = index
        self.server = server
        self.readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        self.idPrefix = UInt64.random(in: 0...UInt64.max) & 0x0FFF_FFFF_0000_0000
        // Access-log lines are written in blocks (like nginx's `access_log buffer=`): one write
        // per request would add a system call to every request.
        loop.addBatchHook { [unowned(unsafe) self] in
            if self.accessLog.count >= 32 * 1024 { self.flushAccessLog() }
        }
    }

    deinit { readBuffer.deallocate() }

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
    lazy var serverLine: [UInt8] = Array("Server: \(server.configuration.serverName)\r\n".utf8)
    lazy var corsExposeLine: [UInt8] = server.configuration.cors.exposedHeaders.isEmpty ? [] :
        Array("Access-Control-Expose-Headers: \(server.configuration.cors.exposedHeaders.joined(separator: ", "))\r\n".utf8)
    lazy var accessLogEnabled: Bool = server.configuration.accessLog

    func flushAccessLog() {
        guard !accessLog.isEmpty else { return }
        Log.shared.writeLines(accessLog)
        accessLog.removeAll(keepingCapacity: accessLog.capacity <= 1 << 20)
    }

    // MARK: accepting

    func startListening(_ fd: Int32) throws(SystemCallError) {
        listener = fd
        try loop.register(fd, events: Epoll.input, handler: ListenerHandler(context: self))
    }

    func acceptReady() {
        for _ in 0..<64 {
            let result: Socket.AcceptResult
            do {
                result = try Socket.accept(listener)
            } catch {
                Log.shared.error("accept failed", [("error", .string("\(error)"))])
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
                let connection = HTTPConnection(fd: fd, context: self)
                connection.sweepIndex = connections.count
                connections.append(connection)
                do {
                    try loop.register(fd, events: Epoll.input | Epoll.readHangUp, handler: connection)
                } catch {
                    connection.close()
                }
            }
        }
    }

    /// Out of descriptors: stop watching the listener for a while instead of spinning on it.
    private func pauseAccepting(errno code: Int32) {
        if loop.now &- lastAcceptErrorLog > 1_000_000_000 {
            lastAcceptErrorLog = loop.now
            Log.shared.error("accept paused: out of file descriptors", [("errno", .int(Int(code)))])
        }
        guard !listenerPaused else { return }
        listenerPaused = true
        try? loop.modify(listener, events: 0)
        loop.schedule(afterNanoseconds: 100_000_000) { [unowned self] in
            guard self.listenerPaused, self.listener >= 0 else { return }
            self.listenerPaused = false
            try? self.loop.modify(self.listener, events: Epoll.input)
        }
    }

    /// Over the connection cap: answer 503 and close at once.
    private func refuse(_ fd: Int32) {
        dateCache.refresh()
        let problem = Problem.response(status: 503, slug: "too-many-connections", title: "Service Unavailable",
                                       detail: "The server has reached its connection limit; retry shortly.")
        var bytes: [UInt8] = Array("HTTP/1.1 503 Service Unavailable\r\n".utf8)
        bytes += dateCache.line
        bytes += Array("Server: \(server.configuration.serverName)\r\nContent-Type: \(Problem.contentType)\r\nContent-Length: \(problem.body.count)\r\nRetry-After: 1\r\nX-Request-Id: \(makeRequestID())\r\nConnection: close\r\n\r\n".utf8)
        bytes += problem.body
        _ = bytes.withUnsafeBytes { try? Syscall.send(fd, $0) }
        Socket.shutdownWrite(fd)
        Syscall.close(fd)
        server.openConnections.subtract(1, ordering: .relaxed)
    }

    func stopListening() {
        guard listener >= 0 else { return }
        loop.deregister(listener)
        Syscall.close(listener)
        listener = -1
    }

    // MARK: timeouts

    func scheduleSweep(every nanoseconds: UInt64) {
        loop.schedule(afterNanoseconds: nanoseconds) { [unowned(unsafe) self] in
            self.sweep()
            self.scheduleSweep(every: nanoseconds)
        }
    }

    /// Buffered access-log lines reach stdout at least this often.
    func scheduleLogFlush(every nanoseconds: UInt64) {
        loop.schedule(afterNanoseconds: nanoseconds) { [unowned(unsafe) self] in
            self.flushAccessLog()
            self.scheduleLogFlush(every: nanoseconds)
        }
    }

    /// The access-log timestamp, with the part up to the seconds cached per second.
    func appendLogTimestamp(to line: inout [UInt8]) {
        let ms = Timestamp.nowMilliseconds()
        let second = ms / 1000
        if second != logSecond {
            logSecond = second
            logSecondPrefix = []
            Timestamp.appendISO8601(millisecondsSinceEpoch: second * 1000, to: &logSecondPrefix)
            logSecondPrefix.removeLast(5)  // drop `000Z"`
        }
        line.append(contentsOf: logSecondPrefix)
        let millis = Int(ms % 1000)
        line.append(UInt8(ascii: "0") + UInt8(millis / 100))
        line.append(UInt8(ascii: "0") + UInt8(millis / 10 % 10))
        line.append(UInt8(ascii: "0") + UInt8(millis % 10))
        line.append(contentsOf: "Z\"".utf8)
    }
    private var logSecond: Int64 = -1
    private var logSecondPrefix: [UInt8] = []

    private func sweep() {
        let now = Monotonic.nanoseconds()
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

/// Accepts on a listening socket.
final class ListenerHandler: EventHandler {
    unowned let context: LoopContext
    init(context: LoopContext) { self.context = context }
    func handleEvent(_ events: UInt32) { context.acceptReady() }
}
