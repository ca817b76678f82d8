import POSIXIO
import Synchronization
import Telemetry

#if canImport(Glibc)
    import Glibc
#endif

/// Why the server could not start.
public enum HTTPServerError: Error, Equatable, CustomStringConvertible {
    /// Another socket already listens on the address (another complaintd, say).
    case addressInUse(address: String)
    /// The address cannot be listened on for another reason (not local, not permitted...).
    case cannotListen(address: String, reason: String)

    /// E.g. `cannot listen on 127.0.0.1:8080: address in use`.
    public var description: String {
        switch self {
        case .addressInUse(let address): return "cannot listen on \(address): address in use"
        case .cannotListen(let address, let reason): return "cannot listen on \(address): \(reason)"
        }
    }
}

/// The HTTP/1.1 server: N event loops sharing one listening socket, serving a router.
///
/// `@unchecked Sendable` is safe: `contexts` and `port` are written only by `start()` (called
/// once), before the loop threads that read them are started, which orders the writes before
/// those reads; `listener` is touched only by `start()` and by the one `shutdown()` that wins
/// the `draining` exchange; everything else is immutable or atomic.
public final class HTTPServer: @unchecked Sendable {
    /// The configuration it was started with.
    public let configuration: HTTPServerConfiguration
    /// The route table.
    public let router: Router
    let headFilter: HeadFilter?
    /// Where the server's own lines and the access log go.
    let log: Log
    /// Maps an error a handler threw to its response.
    let errorResponse: ErrorResponder
    /// Words problems in the client's language (nil: as they were made).
    let problemLocalizer: (any ProblemLocalizer)?
    let openConnections = Atomic<Int>(0)
    let acceptedTotal = Atomic<UInt64>(0)
    private let draining = Atomic<Bool>(false)
    private let nextLoop = Atomic<Int>(0)
    private let loopsStoppedListening = Atomic<Int>(0)
    private(set) var contexts: [LoopContext] = []
    private var listener: Int32 = -1
    /// The port actually bound (useful with port 0).
    public private(set) var port = 0

    /// Makes a server; nothing listens until `start()`. `errorResponse` maps what handlers
    /// throw; by default a 500 problem that hides the error and logs it with the request id.
    /// `problemLocalizer` words every problem in the language the request prefers.
    public init(
        configuration: HTTPServerConfiguration, router: Router, headFilter: HeadFilter? = nil,
        log: Log = .shared, errorResponse: ErrorResponder? = nil, problemLocalizer: (any ProblemLocalizer)? = nil
    ) {
        self.configuration = configuration
        self.router = router
        self.headFilter = headFilter
        self.problemLocalizer = problemLocalizer
        self.log = log
        self.errorResponse = errorResponse ?? { error, request in ProtocolError.internalError(error, request: request, log: log) }
    }

    var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// The address as configured, for messages: `127.0.0.1:8080`, `[::1]:8080`.
    var address: String {
        configuration.host.contains(":") ? "[\(configuration.host)]:\(configuration.port)" : "\(configuration.host):\(configuration.port)"
    }

    /// Binds, starts the loop threads and returns the port. Throws `HTTPServerError` when the
    /// address is taken or cannot be used: the port is never shared with another process.
    @discardableResult
    public func start() throws -> Int {
        let fd: Int32
        do {
            fd = try Socket.makeListener(host: configuration.host, port: configuration.port)
        } catch {
            if error.errno == EADDRINUSE { throw HTTPServerError.addressInUse(address: address) }
            throw HTTPServerError.cannotListen(address: address, reason: String(cString: strerror(error.errno)).lowercased())
        }
        listener = fd
        port = Socket.localPort(fd)
        do {
            for index in 0..<max(1, configuration.eventLoops) {
                contexts.append(LoopContext(loop: try EventLoop(name: "http-\(index)"), index: index, server: self))
            }
        } catch {
            contexts = []
            Syscall.close(fd)
            listener = -1
            throw HTTPServerError.cannotListen(address: address, reason: "\(error)")
        }
        let sweep = sweepInterval()
        for context in contexts {
            let ready = ReadyFlag()
            Threads.start(name: context.loop.name) {
                do {
                    try context.startListening(fd)
                } catch {
                    context.server.log.error("listen failed", [("error", .string("\(error)"))])
                }
                context.scheduleSweep(every: sweep)
                context.scheduleLogFlush(every: 200_000_000)
                ready.set()
                context.loop.run()
            }
            ready.wait()
        }
        return port
    }

    /// The loop that takes the next accepted connection: round robin, so every loop serves its
    /// share whichever loop the kernel woke to accept.
    func loopForNextConnection() -> LoopContext {
        contexts[nextLoop.add(1, ordering: .relaxed).oldValue % contexts.count]
    }

    /// A loop deregistered the shared listener (graceful shutdown).
    func loopStoppedListening() {
        loopsStoppedListening.add(1, ordering: .acquiringAndReleasing)
    }

    /// How often connections are checked for timeouts: a tenth of the shortest timeout, 5 ms to 1 s.
    private func sweepInterval() -> UInt64 {
        let t = configuration.timeouts
        let shortest = min(t.headerSeconds, t.bodyIdleSeconds, t.keepAliveSeconds, t.writeIdleSeconds)
        let seconds = min(1.0, max(0.005, shortest / 10))
        return UInt64(seconds * 1e9)
    }

    /// Stops accepting, lets in-flight requests finish for up to `graceSeconds`, then stops the loops.
    /// Returns true when every connection closed in time.
    @discardableResult
    public func shutdown(graceSeconds: Double) -> Bool {
        guard !draining.exchange(true, ordering: .acquiringAndReleasing) else { return true }
        for context in contexts {
            context.loop.execute { context.beginDraining() }
        }
        let deadline = Monotonic.nanoseconds() + UInt64(max(0, graceSeconds) * 1e9)
        // Close the listener once no loop watches it any more (or the grace is over).
        while loopsStoppedListening.load(ordering: .acquiring) < contexts.count && Monotonic.nanoseconds() < deadline {
            usleep(1_000)
        }
        if listener >= 0 {
            Syscall.close(listener)
            listener = -1
        }
        var clean = true
        while openConnections.load(ordering: .relaxed) > 0 {
            if Monotonic.nanoseconds() >= deadline {
                clean = false
                break
            }
            usleep(5_000)
        }
        // Hand the last access lines to the logger before the loops stop, and wait (briefly) for
        // it: the process may exit right after this returns.
        let flushed = FlushCount()
        for context in contexts {
            context.loop.execute {
                context.flushAccessLog()
                flushed.count.add(1, ordering: .releasing)
            }
            context.loop.stop()
        }
        let flushDeadline = Monotonic.nanoseconds() + 1_000_000_000
        while flushed.count.load(ordering: .acquiring) < contexts.count && Monotonic.nanoseconds() < flushDeadline {
            usleep(1_000)
        }
        return clean
    }

    /// Counters and histograms for `/metrics`.
    public func statistics() -> HTTPServerStatistics {
        var merged = (requests: [LoopMetrics.Key: UInt64](), durations: [Int32: HistogramData]())
        for context in contexts {
            let snapshot = context.metrics.withLock { $0 }
            for (key, count) in snapshot.requests { merged.requests[key, default: 0] &+= count }
            for (route, histogram) in snapshot.durations {
                if merged.durations[route] == nil { merged.durations[route] = histogram } else { merged.durations[route]!.merge(histogram) }
            }
        }
        func routeLabel(_ index: Int32) -> String { index >= 0 && Int(index) < router.routes.count ? router.routes[Int(index)].pattern : "none" }
        func methodLabel(_ raw: UInt8) -> String { HTTPMethod(rawValue: raw).map { $0.description } ?? "OTHER" }
        let requests = merged.requests
            .map {
                HTTPServerStatistics.RequestCount(
                    method: methodLabel($0.key.method), route: routeLabel($0.key.route), status: Int($0.key.status), count: $0.value)
            }
            .sorted { ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status) }
        let durations = merged.durations.map { (route: routeLabel($0.key), histogram: $0.value) }.sorted { $0.route < $1.route }
        return HTTPServerStatistics(
            requests: requests, durations: durations,
            connectionsOpen: openConnections.load(ordering: .relaxed),
            connectionsAccepted: acceptedTotal.load(ordering: .relaxed))
    }
}

/// How many loops have handed over their last access lines.
private final class FlushCount: Sendable {
    let count = Atomic<Int>(0)
}

/// A one-shot "the loop thread is ready" flag that start() waits on.
private final class ReadyFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .releasing) }
    func wait() { while !flag.load(ordering: .acquiring) { usleep(200) } }
}
