// Counters the service exports as metrics. The store only counts; the
// Telemetry layer decides how they are rendered.

/// A histogram's state: per-bucket (non-cumulative) counts, the last bucket being +Inf.
public struct HistogramSnapshot: Sendable {
    /// Bucket upper bounds, ascending, without the implicit +Inf.
    public var upperBounds: [Double]
    /// Observations per bucket (not cumulative); `upperBounds.count + 1` entries, the last for +Inf.
    public var bucketCounts: [UInt64]
    /// Sum of all observed values.
    public var sum: Double
    /// Number of observations.
    public var count: UInt64

    /// Creates a histogram snapshot.
    public init(upperBounds: [Double], bucketCounts: [UInt64], sum: Double, count: UInt64) {
        self.upperBounds = upperBounds
        self.bucketCounts = bucketCounts
        self.sum = sum
        self.count = count
    }

    /// Cumulative counts per bound (Prometheus `le` order), the last being +Inf (== count).
    public var cumulativeCounts: [UInt64] {
        var running: UInt64 = 0
        return bucketCounts.map {
            running += $0
            return running
        }
    }
}

/// A point-in-time copy of the store's counters.
public struct StoreStatistics: Sendable {
    /// Group commits (write + fsync rounds) that succeeded.
    public var appendsTotal: UInt64 = 0
    /// Records durably appended.
    public var recordsTotal: UInt64 = 0
    /// Seconds per fdatasync.
    public var fsyncDurationBuckets = HistogramSnapshot(upperBounds: Histogram.fsyncBounds)
    /// Records per group commit.
    public var batchSizeBuckets = HistogramSnapshot(upperBounds: Histogram.batchSizeBounds)
    /// Bytes in all log segments.
    public var logBytes: UInt64 = 0
    /// When the newest snapshot was written, seconds since the epoch (nil if none).
    public var lastSnapshotTimestampSeconds: Double?
    /// False after a write error until writes resume: appends fail fast, reads go on.
    public var isWritable: Bool = true
    /// True when a write failure left the log in a state only a restart can check.
    public var isRestartRequired: Bool = false
    /// Group commits (or segment rolls) that failed.
    public var writeFailuresTotal: UInt64 = 0
    /// Times writes resumed after a failure, without a restart.
    public var writeRecoveriesTotal: UInt64 = 0

    /// Zeroed statistics.
    public init() {}
}

extension HistogramSnapshot {
    init(upperBounds: [Double]) {
        self.init(upperBounds: upperBounds, bucketCounts: Array(repeating: 0, count: upperBounds.count + 1), sum: 0, count: 0)
    }

    /// Counts one observation into the first bucket whose bound it does not exceed.
    mutating func observe(_ value: Double) {
        var index = upperBounds.count
        for (i, bound) in upperBounds.enumerated() where value <= bound {
            index = i
            break
        }
        bucketCounts[index] += 1
        sum += value
        count += 1
    }
}

/// The bucket layouts, fixed so dashboards can rely on them.
enum Histogram {
    static let fsyncBounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]
    static let batchSizeBounds: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
}
