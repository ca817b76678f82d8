import EventStore
import HTTP1
import Telemetry

/// Renders the service's metrics families into Prometheus text.
enum MetricsRenderer {
    static func renderHTTP(_ stats: HTTPServerStatistics, into text: inout PrometheusText) {
        text.declare("http_requests_total", type: "counter", help: "HTTP requests answered, by method, route pattern and status.")
        for entry in stats.requests {
            text.sample(
                "http_requests_total", [("method", entry.method), ("route", entry.route), ("status", String(entry.status))], Double(entry.count))
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

extension MetricsRenderer {
    static func renderStore(_ stats: StoreStatistics, health: StoreHealth, into text: inout PrometheusText) {
        text.declare("store_appends_total", type: "counter", help: "Group commits written to the event log (one write and one sync each).")
        text.sample("store_appends_total", [], Double(stats.appendsTotal))
        text.declare("store_records_total", type: "counter", help: "Records appended to the event log.")
        text.sample("store_records_total", [], Double(stats.recordsTotal))
        text.declare("store_fsync_duration_seconds", type: "histogram", help: "Time taken by each fdatasync of the event log.")
        text.histogram("store_fsync_duration_seconds", [], histogram(stats.fsyncDurationBuckets))
        text.declare("store_batch_size", type: "histogram", help: "Records per group commit.")
        text.histogram("store_batch_size", [], histogram(stats.batchSizeBuckets))
        text.declare("store_log_bytes", type: "gauge", help: "Bytes in the event log's segments.")
        text.sample("store_log_bytes", [], Double(stats.logBytes))
        text.declare("store_last_snapshot_timestamp_seconds", type: "gauge", help: "When the last snapshot was written (0 if never).")
        text.sample("store_last_snapshot_timestamp_seconds", [], stats.lastSnapshotTimestampSeconds ?? 0)
        text.declare("store_writable", type: "gauge", help: "1 while the event log accepts writes, 0 after a write error until writes resume.")
        text.sample("store_writable", [], stats.isWritable ? 1 : 0)
        text.declare("store_restart_required", type: "gauge", help: "1 when a write failure left the event log in a state only a restart can check.")
        text.sample("store_restart_required", [], stats.isRestartRequired ? 1 : 0)
        text.declare("store_write_failures_total", type: "counter", help: "Event log writes that failed (disk full, I/O error).")
        text.sample("store_write_failures_total", [], Double(stats.writeFailuresTotal))
        text.declare("store_write_recoveries_total", type: "counter", help: "Times event log writes resumed after a failure without a restart.")
        text.sample("store_write_recoveries_total", [], Double(stats.writeRecoveriesTotal))
        text.declare(
            "eventlog_damaged_segments", type: "gauge",
            help: "Event log segments found missing, altered or holding unreadable records (not repaired).")
        text.sample("eventlog_damaged_segments", [], Double(Set(health.damage.map(\.file)).count))
        text.declare("eventlog_lost_records", type: "gauge", help: "Sequence numbers a --repair recorded as lost (set aside or missing).")
        text.sample("eventlog_lost_records", [], Double(health.lost.reduce(0) { $0 + $1.sequences.count }))
        text.declare("eventlog_segments_verified", type: "gauge", help: "Sealed segments whose checksum the background pass has checked since start.")
        text.sample("eventlog_segments_verified", [], Double(health.segmentsVerified))
    }

    private static func histogram(_ h: HistogramSnapshot) -> HistogramData {
        HistogramData(upperBounds: h.upperBounds, bucketCounts: h.bucketCounts, sum: h.sum, count: h.count)
    }
}
