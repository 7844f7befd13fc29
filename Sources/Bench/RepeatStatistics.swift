import Foundation

/// The mean and spread of a test's repeats, as llama-bench reports them: the arithmetic mean
/// and the sample standard deviation (n − 1 in the denominator; 0 for a single value).
public struct RepeatStatistics: Sendable, Codable, Equatable {
    /// How many values.
    public var count: Int
    /// Their mean.
    public var mean: Double
    /// Their sample standard deviation.
    public var standardDeviation: Double

    /// The statistics of `values`, or nil when there are none.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        count = values.count
        mean = values.reduce(0, +) / Double(values.count)
        let mean = mean
        standardDeviation = values.count < 2 ? 0 : (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }

    /// `mean ± sd`, with `decimals` places, as llama-bench prints it.
    public func formatted(decimals: Int = 2) -> String {
        String(format: "%.\(decimals)f ± %.\(decimals)f", mean, standardDeviation)
    }
}
