import Foundation
import HTTP1
import Synchronization
import Telemetry

/// The running service: the HTTP server and everything behind it, wired once at start-up.
public final class Service: Sendable {
    /// The configuration it runs with.
    public let configuration: ServiceConfiguration
    private let ready = Atomic<Bool>(false)
    private let serverBox = Mutex<HTTPServer?>(nil)

    /// Prepares the service; nothing listens until `start()`.
    public init(configuration: ServiceConfiguration) {
        self.configuration = configuration
    }

    /// Opens the data directory, recovers state, starts listening; returns the bound port.
    public func start() throws -> Int {
        let router = Router(routes())
        let server = HTTPServer(configuration: configuration.http, router: router)
        serverBox.withLock { $0 = server }
        let port = try server.start()
        ready.store(true, ordering: .releasing)
        Log.shared.info("listening", [("host", .string(configuration.http.host)), ("port", .int(port)),
                                      ("event_loops", .int(configuration.http.eventLoops)), ("data_dir", .string(configuration.dataDirectory))])
        return port
    }

    /// Graceful shutdown: stop accepting, let in-flight requests finish (bounded), close the store.
    @discardableResult
    public func shutdown() -> Bool {
        ready.store(false, ordering: .releasing)
        guard let server = serverBox.withLock({ $0 }) else { return true }
        let clean = server.shutdown(graceSeconds: configuration.shutdownGraceSeconds)
        return clean
    }

    private func routes() -> [Route] {
        [
            Route(.GET, "/healthz") { _, _ in HealthRoutes.healthy },
            Route(.GET, "/readyz") { [self] _, _ in
                ready.load(ordering: .acquiring) ? HealthRoutes.ready : HealthRoutes.notReady
            },
            Route(.GET, "/metrics") { [self] _, _ in metricsResponse() },
        ]
    }

    private func metricsResponse() -> HTTPResponse {
        var text = PrometheusText()
        if let server = serverBox.withLock({ $0 }) {
            MetricsRenderer.renderHTTP(server.statistics(), into: &text)
        }
        ProcessMetrics.render(into: &text)
        return HTTPResponse(status: 200, contentType: PrometheusText.contentType, body: Array(text.text.utf8))
    }
}

/// `/healthz` and `/readyz` bodies, encoded once.
enum HealthRoutes {
    static let healthy = HTTPResponse.json(200, Array(#"{"status":"ok"}"#.utf8))
    static let ready = HTTPResponse.json(200, Array(#"{"status":"ready"}"#.utf8))
    static let notReady = Problem.response(status: 503, slug: "not-ready", title: "Service Unavailable", detail: "The service is starting or shutting down.")
}
