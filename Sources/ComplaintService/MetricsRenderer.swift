import HTTP1
import Telemetry

/// Renders the service's metrics families into Prometheus text.
enum MetricsRenderer {
    static func renderHTTP(_ stats: HTTPServerStatistics, into text: inout PrometheusText) {
        text.declare("http_requests_total", type: "counter", help: "HTTP requests answered, by method, route pattern and status.")
        for entry in stats.requests {
            text.sample("http_requests_total", [("method", entry.method), ("route", entry.route), ("status", String(entry.status))], Double(entry.count))
        }
        text.declare("http_request_duration_seconds", type: "histogram", help: "Time from a request's head to its response, by route pattern.")
        for entry in stats.durations {
            text.histogram("http_request_duration_seconds", [("route", entry.route)], entry.histogram)
        }
        text.declare("http_connections_open", type: "gauge", help: "Client connections open now.")
        text.sample("http_connections_open", [], Double(stats.connectionsOpen))
        text.declare("http_connections_accepted_total", type: "counter", help: "Client connections accepted since start.")
        text.sample("http_connections_accepted_total", [], Double(stats.connectionsAccepted))
    }
}
