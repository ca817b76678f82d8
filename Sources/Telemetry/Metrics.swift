/// A histogram's state: per-bucket counts (the last bucket is +Inf), sum and count.
/// Value type so per-thread copies can be merged at scrape time.
public struct HistogramData: Sendable, Equatable {
    /// Upper bounds of the finite buckets, ascending.
    public let upperBounds: [Double]
    /// Non-cumulative counts, one per bound plus one for +Inf.
    public private(set) var bucketCounts: [UInt64]
    /// Sum of observed values.
    public private(set) var sum: Double = 0
    /// Number of observations.
    public private(set) var count: UInt64 = 0

    /// Makes an empty histogram with the given bucket bounds.
    public init(upperBounds: [Double]) {
        self.upperBounds = upperBounds
        self.bucketCounts = Array(repeating: 0, count: upperBounds.count + 1)
    }

    /// Makes a histogram from already counted buckets (non-cumulative, +Inf last).
    public init(upperBounds: [Double], bucketCounts: [UInt64], sum: Double, count: UInt64) {
        precondition(bucketCounts.count == upperBounds.count + 1)
        self.upperBounds = upperBounds
        self.bucketCounts = bucketCounts
        self.sum = sum
        self.count = count
    }

    /// Records one observation.
    @inline(__always)
    public mutating func observe(_ value: Double) {
        var index = 0
        while index < upperBounds.count && value > upperBounds[index] { index += 1 }
        bucketCounts[index] &+= 1
        sum += value
        count &+= 1
    }

    /// Adds another histogram with the same bounds.
    public mutating func merge(_ other: HistogramData) {
        precondition(other.upperBounds == upperBounds)
        for i in bucketCounts.indices { bucketCounts[i] &+= other.bucketCounts[i] }
        sum += other.sum
        count &+= other.count
    }

    /// Default latency buckets in seconds (Prometheus client defaults, plus finer low end).
    public static let latencyBounds: [Double] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
}

/// Builds the Prometheus text exposition format (version 0.0.4).
public struct PrometheusText {
    /// The rendered text so far.
    public private(set) var text = ""
    private var declared: Set<String> = []

    /// An empty exposition.
    public init() {}

    /// The content type scrapers expect.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Writes `# HELP` and `# TYPE` once per metric family.
    public mutating func declare(_ name: String, type: String, help: String) {
        guard declared.insert(name).inserted else { return }
        text += "# HELP \(name) \(escapeHelp(help))\n# TYPE \(name) \(type)\n"
    }

    /// Writes one sample line.
    public mutating func sample(_ name: String, _ labels: [(String, String)] = [], _ value: Double) {
        text += name
        appendLabels(labels)
        text += " " + PrometheusText.format(value) + "\n"
    }

    /// Writes a whole histogram family member: `_bucket` lines (cumulative), `_sum`, `_count`.
    public mutating func histogram(_ name: String, _ labels: [(String, String)] = [], _ data: HistogramData) {
        var cumulative: UInt64 = 0
        for (i, bound) in data.upperBounds.enumerated() {
            cumulative &+= data.bucketCounts[i]
            sample(name + "_bucket", labels + [("le", PrometheusText.format(bound))], Double(cumulative))
        }
        cumulative &+= data.bucketCounts[data.upperBounds.count]
        sample(name + "_bucket", labels + [("le", "+Inf")], Double(cumulative))
        sample(name + "_sum", labels, data.sum)
        sample(name + "_count", labels, Double(data.count))
    }

    private mutating func appendLabels(_ labels: [(String, String)]) {
        guard !labels.isEmpty else { return }
        text += "{"
        for (i, (key, value)) in labels.enumerated() {
            if i > 0 { text += "," }
            text += key + "=\"" + escapeLabel(value) + "\""
        }
        text += "}"
    }

    /// Formats a sample value the way Prometheus parses it.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    private func escapeLabel(_ value: String) -> String {
        var out = ""
        for ch in value {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }

    private func escapeHelp(_ value: String) -> String {
        value.replacingOccurrencesOfBackslashAndNewline()
    }
}

extension String {
    fileprivate func replacingOccurrencesOfBackslashAndNewline() -> String {
        var out = ""
        for ch in self {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }
}
