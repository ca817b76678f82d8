#if canImport(Glibc)
import Glibc
#endif
import POSIXIO
import Synchronization
import Telemetry

/// The HTTP/1.1 server: N event loops, each with its own SO_REUSEPORT listener, serving a router.
public final class HTTPServer: @unchecked Sendable {
    /// The configuration it was started with.
    public let configuration: HTTPServerConfiguration
    /// The route table.
    public let router: Router
    let headFilter: HeadFilter?
    let openConnections = Atomic<Int>(0)
    let acceptedTotal = Atomic<UInt64>(0)
    private let draining = Atomic<Bool>(false)
    private var contexts: [LoopContext] = []
    /// The port actually bound (useful with port 0).
    public private(set) var port = 0

    /// Makes a server; nothing listens until `start()`.
    public init(configuration: HTTPServerConfiguration, router: Router, headFilter: HeadFilter? = nil) {
        self.configuration = configuration
        self.router = router
        self.headFilter = headFilter
    }

    var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// Binds, starts the loop threads and returns the port. Throws if the address cannot be bound.
    @discardableResult
    public func start() throws -> Int {
        let count = max(1, configuration.eventLoops)
        var listeners: [Int32] = []
        do {
            let first = try Socket.makeListener(host: configuration.host, port: configuration.port, reusePort: true)
            listeners.append(first)
            port = Socket.localPort(first)
            for _ in 1..<count {
                listeners.append(try Socket.makeListener(host: configuration.host, port: port, reusePort: true))
            }
        } catch {
            for fd in listeners { Syscall.close(fd) }
            throw error
        }
        let sweep = sweepInterval()
        for (index, fd) in listeners.enumerated() {
            let loop = try EventLoop(name: "http-\(index)")
            let context = LoopContext(loop: loop, index: index, server: self)
            contexts.append(context)
            let ready = Atomic<Int>(0)
            let ctx = context
            Threads.start(name: "http-\(index)") {
                do {
                    try ctx.startListening(fd)
                } catch {
                    Log.shared.error("listen failed", [("error", .string("\(error)"))])
                }
                ctx.scheduleSweep(every: sweep)
                ctx.scheduleLogFlush(every: 200_000_000)
                ready.store(1, ordering: .releasing)
                ctx.loop.run()
            }
            while ready.load(ordering: .acquiring) == 0 { usleep(200) }
        }
        return port
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
        draining.store(true, ordering: .relaxed)
        for context in contexts {
            let ctx = context
            context.loop.execute { ctx.beginDraining() }
        }
        let deadline = Monotonic.nanoseconds() + UInt64(max(0, graceSeconds) * 1e9)
        var clean = true
        while openConnections.load(ordering: .relaxed) > 0 {
            if Monotonic.nanoseconds() >= deadline { clean = false; break }
            usleep(5_000)
        }
        for context in contexts {
            let ctx = context
            context.loop.execute { ctx.flushAccessLog() }
            context.loop.stop()
        }
        return clean
    }

    /// Counters and histograms for `/metrics`.
    public func statistics() -> HTTPServerStatistics {
        var merged = LoopMetrics()
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
            .map { HTTPServerStatistics.RequestCount(method: methodLabel($0.key.method), route: routeLabel($0.key.route), status: Int($0.key.status), count: $0.value) }
            .sorted { ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status) }
        let durations = merged.durations.map { (route: routeLabel($0.key), histogram: $0.value) }.sorted { $0.route < $1.route }
        return HTTPServerStatistics(requests: requests, durations: durations,
                                    connectionsOpen: openConnections.load(ordering: .relaxed),
                                    connectionsAccepted: acceptedTotal.load(ordering: .relaxed))
    }
}
