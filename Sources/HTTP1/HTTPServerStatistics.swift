import Telemetry

/// Counts and latencies recorded by one loop; merged at scrape time.
///
/// Kept by route index, each route with its few (method, status) counts in a short array: a
/// request costs two array indexings and a scan of a handful of entries. (Two dictionaries keyed
/// by route, method and status hashed twice per request; a scrape's copy then made the next
/// request copy them whole.)
struct LoopMetrics {
    struct Key: Hashable {
        var route: Int32
        var method: UInt8
        var status: UInt16
    }

    /// What one route counted (index `route + 1`: 0 is for requests no route matched).
    struct RouteCounts {
        var counts: [(method: UInt8, status: UInt16, count: UInt64)] = []
        var latency: HistogramData?
    }

    private(set) var routes: [RouteCounts] = []

    mutating func record(route: Int32, method: UInt8, status: Int, seconds: Double) {
        let index = Int(route) + 1
        if index >= routes.count { routes.append(contentsOf: repeatElement(RouteCounts(), count: index + 1 - routes.count)) }
        let status = UInt16(clamping: status)
        routes[index].add(method: method, status: status)
        if routes[index].latency == nil { routes[index].latency = HistogramData(upperBounds: HistogramData.latencyBounds) }
        routes[index].latency!.observe(seconds)
    }

    /// The counts by route, method and status.
    var requests: [Key: UInt64] {
        var requests: [Key: UInt64] = [:]
        for (index, route) in routes.enumerated() {
            for entry in route.counts {
                requests[Key(route: Int32(index - 1), method: entry.method, status: entry.status), default: 0] &+= entry.count
            }
        }
        return requests
    }

    /// The latencies by route.
    var durations: [Int32: HistogramData] {
        var durations: [Int32: HistogramData] = [:]
        for (index, route) in routes.enumerated() { durations[Int32(index - 1)] = route.latency }
        return durations
    }
}

extension LoopMetrics.RouteCounts {
    mutating func add(method: UInt8, status: UInt16) {
        for index in counts.indices where counts[index].method == method && counts[index].status == status {
            counts[index].count &+= 1
            return
        }
        counts.append((method, status, 1))
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
