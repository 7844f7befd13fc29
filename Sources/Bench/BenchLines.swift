import Foundation

/// The console lines `bench` prints as it goes.
public enum BenchLines {
    /// One suite request: its speeds and their source (and whether it was left out as a cache hit), or why it failed.
    public static func request(_ record: RequestRecord) -> String {
        if let error = record.error { return "\(record.task) [\(record.language)]: FAILED: \(error)" }
        let figures = record.figures
        return "\(record.task) [\(record.language)]: prefill \(number(figures.prefillPerSecond)) tok/s, decode \(number(figures.decodePerSecond)) tok/s (\(figures.source))"
            + (record.isCacheHit ? " (cache hit: not counted)" : "")
    }

    /// One size test's result, as llama-bench prints it: `pp512: 1234.56 ± 7.89 tok/s (5 of 5)`.
    public static func size(_ result: SizeResult) -> String {
        "\(result.test.name): " + (result.statistics.map { $0.formatted() + " tok/s" } ?? "no figure")
            + " (\(result.values.count) of \(result.repeats) repeats\(result.failed > 0 ? ", \(result.failed) failed" : ""))"
    }

    /// One serving level: throughput and the median latencies.
    public static func serving(_ level: ServingLevel) -> String {
        String(format: "%@: %.1f output tok/s, %.2f requests/s, TTFT p50 %@ ms, TPOT p50 %@ ms, ITL p50 %@ ms (%d of %d completed%@)",
               level.load?.description ?? "level", level.outputPerSecond, level.requestsPerSecond, number(level.ttft?.p50), number(level.tpot?.p50),
               number(level.itl?.p50), level.completed, level.requests,
               level.requestRate != nil ? level.peakConcurrency.map { ", at most \($0) in flight" } ?? "" : "")
    }

    private static func number(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "?" }
}
