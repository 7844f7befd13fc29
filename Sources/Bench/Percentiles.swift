/// A latency distribution as vLLM's `benchmark_serving` reports it: the mean and the 50th, 90th
/// and 99th percentiles, each by linear interpolation between the closest ranks (numpy's default
/// `percentile`: the value at rank p/100 · (n − 1) of the sorted values).
public struct Percentiles: Sendable, Codable, Equatable {
    /// How many values.
    public var count: Int
    /// Their mean.
    public var mean: Double
    /// The median.
    public var p50: Double
    /// The 90th percentile.
    public var p90: Double
    /// The 99th percentile.
    public var p99: Double

    /// The distribution of `values`, or nil when there are none.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        count = sorted.count
        mean = sorted.reduce(0, +) / Double(sorted.count)
        p50 = Self.percentile(50, ofSorted: sorted)
        p90 = Self.percentile(90, ofSorted: sorted)
        p99 = Self.percentile(99, ofSorted: sorted)
    }

    /// The `p`th percentile (0...100) of ascending `sorted`, interpolated linearly between ranks.
    public static func percentile(_ p: Double, ofSorted sorted: [Double]) -> Double {
        precondition(!sorted.isEmpty, "a percentile of no values")
        let rank = min(max(p, 0), 100) / 100 * Double(sorted.count - 1)
        let below = Int(rank.rounded(.down)), above = min(below + 1, sorted.count - 1)
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - Double(below))
    }
}
