/// What one size test measured over its repeats: tokens/s per completed repeat (the server's
/// pre-fill figure for `pp`, decode for `tg`) and their mean ± standard deviation.
public struct SizeResult: Sendable, Codable, Equatable {
    /// The test.
    public var test: SizeTest
    /// Repeats asked for.
    public var repeats: Int
    /// Tokens/s of each repeat that completed with the size asked.
    public var values: [Double]
    /// Repeats that failed (or did not have the size asked): listed with the requests.
    public var failed: Int
    /// Where the figures came from (`llama.cpp timings`, `client`).
    public var sources: [String]

    /// Creates a value.
    public init(test: SizeTest, repeats: Int, values: [Double], failed: Int, sources: [String]) {
        self.test = test
        self.repeats = repeats
        self.values = values
        self.failed = failed
        self.sources = sources
    }

    /// Mean ± standard deviation of the values, nil without any.
    public var statistics: RepeatStatistics? { RepeatStatistics(values) }

    /// The result of `test` from its recorded requests (`mode` `size`, task named as the test).
    public init(test: SizeTest, repeats: Int, records: [RequestRecord]) {
        let mine = records.filter { $0.mode == "size" && $0.task == test.name }
        let ok = mine.filter { $0.error == nil }
        let value: (InferenceFigures) -> Double? = test.kind == .prefill ? { $0.prefillPerSecond } : { $0.decodePerSecond }
        let source: (InferenceFigures) -> String? = test.kind == .prefill ? { $0.prefillSource } : { $0.decodeSource }
        self.init(test: test, repeats: repeats, values: ok.compactMap { value($0.figures) }, failed: mine.count - ok.count,
                  sources: Array(Set(ok.compactMap { source($0.figures) })).sorted())
    }
}
