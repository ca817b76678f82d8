import Telemetry

/// Counts and latencies recorded by one loop; merged at scrape time.
struct LoopMetrics {
    struct Key: Hashable {
        var route: Int32
        var method: UInt8
        var status: UInt16
    }
    var requests: [Key: UInt64] = [:]
    var durations: [Int32: HistogramData] = [:]

    mutating func record(route: Int32, method: UInt8, status: Int, seconds: Double) {
        requests[Key(route: route, method: method, status: UInt16(clamping: status)), default: 0] &+= 1
        durations[route, default: HistogramData(upperBounds: HistogramData.latencyBounds)].observe(seconds)
    }
}

/// What the server has counted so far, for `/metrics`.
public struct HTTPServerStatistics: Sendable {
    /// One `http_requests_total` series.
    public struct RequestCount: Sendable {
        /// The method label (`OTHER` for requests that never parsed).
        public var method: String
        /// The route pattern label (`none` when nothing matched).
        public var route: String
        /// The status code.
        public var status: Int
        /// How many.
        public var count: UInt64
    }
    /// Requests by method, route and status.
    public var requests: [RequestCount]
    /// Request durations by route pattern.
    public var durations: [(route: String, histogram: HistogramData)]
    /// Connections open now.
    public var connectionsOpen: Int
    /// Connections accepted since start.
    public var connectionsAccepted: UInt64
}
