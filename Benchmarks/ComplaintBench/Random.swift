import Foundation

/// A small deterministic generator (SplitMix64): the same seed gives the same data on every run.
struct SplitMix {
    /// The generator's whole state.
    var state: UInt64

    /// Creates a generator from a seed.
    init(seed: UInt64) { state = seed }

    /// Creates a generator for one decision, from the values that name it (seed, sequence, step…).
    /// Fixed arities rather than a variadic list, which would allocate an array per step.
    init(_ a: UInt64, _ b: UInt64, _ c: UInt64 = 0, _ d: UInt64 = 0, _ e: UInt64 = 0) {
        let start: UInt64 = 0x243F_6A88_85A3_08D3
        state = mix(mix(mix(mix(mix(start ^ a) ^ b) ^ c) ^ d) ^ e)
    }

    /// The next 64 random bits.
    mutating func nextRaw() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix(state)
    }

    /// A uniform integer in `0..<bound` (bound > 0).
    mutating func next(_ bound: Int) -> Int { Int(nextRaw() % UInt64(bound)) }

    /// A uniform integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + next(range.count) }

    /// A uniform double in [0, 1).
    mutating func unit() -> Double { Double(nextRaw() >> 11) * 0x1p-53 }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }

    /// An index drawn with the given (non-negative, not all zero) weights.
    mutating func weighted(_ weights: [Double]) -> Int {
        var total = 0.0
        for w in weights { total += w }
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            x -= w
            if x < 0 { return i }
        }
        return weights.count - 1
    }

    /// An exponential duration in seconds with the given mean.
    mutating func exponential(mean: Double) -> Double { -mean * log(1 - unit()) }

    /// A log-normal duration in seconds: `median` and the spread of its logarithm.
    mutating func logNormal(median: Double, sigma: Double) -> Double {
        // Box–Muller; one of the pair is enough here.
        let u1 = max(unit(), 1e-12)
        let u2 = unit()
        return median * exp(sigma * sqrt(-2 * log(u1)) * cos(2 * .pi * u2))
    }

    /// A whole number of seconds drawn log-normally, clamped to `bounds`.
    mutating func seconds(median: Double, sigma: Double, within bounds: ClosedRange<Int64>) -> Int64 {
        min(max(Int64(logNormal(median: median, sigma: sigma)), bounds.lowerBound), bounds.upperBound)
    }
}

/// SplitMix64's finalizer: a strong 64-bit mix, also used to derive per-item values without state.
@inline(__always)
func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// A cumulative weight table for drawing one of many items (estates) in O(log n).
struct CumulativeWeights: Sendable {
    private let sums: [Double]

    /// Builds the table; weights must be non-negative and not all zero.
    init(_ weights: [Double]) {
        var total = 0.0
        sums = weights.map {
            total += $0
            return total
        }
    }

    /// The index whose cumulative interval holds `fraction` × total.
    func index(at fraction: Double) -> Int {
        let target = fraction * sums[sums.count - 1]
        var low = 0
        var high = sums.count - 1
        while low < high {
            let middle = (low + high) / 2
            if sums[middle] <= target { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
