@testable import Bench
import Testing

@Test("repeats: the mean and the sample standard deviation (n − 1), as llama-bench reports them", arguments: [
    ([2.0, 4, 4, 4, 5, 5, 7, 9], 5.0, 2.138_089_935_299_395),
    ([10.0], 10.0, 0.0),
    ([1.0, 3], 2.0, 1.414_213_562_373_095),
] as [([Double], Double, Double)])
func repeatStatistics(values: [Double], mean: Double, deviation: Double) throws {
    let statistics = try #require(RepeatStatistics(values))
    #expect(statistics.count == values.count)
    #expect(abs(statistics.mean - mean) < 1e-12)
    #expect(abs(statistics.standardDeviation - deviation) < 1e-12)
    #expect(RepeatStatistics([]) == nil)
}

@Test("percentiles interpolate linearly between ranks, as numpy's percentile (and vLLM's benchmark_serving) does", arguments: [
    ([15.0, 20, 35, 40, 50], 35.0, 46.0, 49.6),
    ((1...10).map(Double.init), 5.5, 9.1, 9.91),
    ([50.0, 15, 40, 20, 35], 35.0, 46.0, 49.6),
    ([7.0], 7.0, 7.0, 7.0),
] as [([Double], Double, Double, Double)])
func percentiles(values: [Double], p50: Double, p90: Double, p99: Double) throws {
    let result = try #require(Percentiles(values))
    #expect(abs(result.p50 - p50) < 1e-9 && abs(result.p90 - p90) < 1e-9 && abs(result.p99 - p99) < 1e-9, "\(result)")
    #expect(abs(result.mean - values.reduce(0, +) / Double(values.count)) < 1e-9)
    #expect(Percentiles([]) == nil)
}

@Test("--sizes and --depth: llama-bench's names, every size at every depth, and one line for what is wrong")
func sizeTests() throws {
    let tests = try SizeTest.parse(sizes: "pp512,tg128", depths: "0,4096")
    #expect(tests.map(\.name) == ["pp512", "pp512 @ d4096", "tg128", "tg128 @ d4096"])
    #expect(tests[1] == SizeTest(kind: .prefill, tokens: 512, depth: 4096))
    for (sizes, depths) in [("pp", "0"), ("xx512", "0"), ("pp0", "0"), ("pp512,", "0"), ("pp512", "-1"), ("pp512", "deep")] {
        #expect(throws: SizeTest.Problem.self, "\(sizes) \(depths)") { try SizeTest.parse(sizes: sizes, depths: depths) }
    }
}

@Test("bench's mode: the suite, sizes (llama.cpp only, repeats in range) or serving levels, never both")
func benchModes() throws {
    func mode(sizes: String? = nil, repeats: Int = 5, concurrency: String? = nil, rate: String? = nil, requests: Int? = nil, seed: UInt64 = 0,
              api: InferenceAPI = .llamacpp, suite: String? = "s.yaml") throws -> BenchMode {
        try BenchMode(sizes: sizes, depth: "0", repeats: repeats, concurrency: concurrency, requestRate: rate, requests: requests, seed: seed, api: api,
                      suite: suite)
    }
    #expect(try mode() == .suite)
    #expect(try mode(sizes: "pp512", repeats: 3, suite: nil) == .sizes([SizeTest(kind: .prefill, tokens: 512)], repeats: 3))
    #expect(try mode(concurrency: "1,2,4") == .serving([.concurrency(1), .concurrency(2), .concurrency(4)], requests: nil, seed: 0))
    #expect(try mode(concurrency: "4", requests: 10, api: .openai) == .serving([.concurrency(4)], requests: 10, seed: 0))
    let rates = try #require(["0.5", "2", "inf"].map { RequestRate($0) } as? [RequestRate])
    #expect(try mode(rate: "0.5,2,inf", seed: 7) == .serving(rates.map { .rate($0) }, requests: nil, seed: 7))
    #expect(rates.map(\.description) == ["0.5", "2", "inf"] && rates[2].isInfinite)
    let wrong: [(String, () throws -> BenchMode)] = [
        ("--sizes and --concurrency", { try mode(sizes: "pp512", concurrency: "2") }),
        ("--concurrency and --request-rate", { try mode(concurrency: "2", rate: "1") }),
        ("--request-rate 0", { try mode(rate: "0") }),
        ("--request-rate -1", { try mode(rate: "-1") }),
        ("--request-rate 1,,2", { try mode(rate: "1,,2") }),
        ("--request-rate nan", { try mode(rate: "nan") }),
        ("--request-rate fast", { try mode(rate: "fast") }),
        ("--requests sets the requests of a serving level", { try mode(requests: 4) }),
        ("--sizes needs --api llamacpp", { try mode(sizes: "pp512", api: .openai) }),
        ("--repeat must be", { try mode(sizes: "pp512", repeats: 0) }),
        ("--concurrency 0", { try mode(concurrency: "0") }),
        ("--concurrency 1,,2", { try mode(concurrency: "1,,2") }),
        ("--requests must be", { try mode(concurrency: "2", requests: 0) }),
        ("--suite is needed", { try mode(suite: nil) }),
    ]
    for (message, attempt) in wrong {
        #expect(throws: BenchMode.Problem.self) { try attempt() }
        do { _ = try attempt() } catch { #expect("\(error)".contains(message), "\(error)") }
    }
}

@Test("a size test's reply must have the size asked: pre-filled tokens beyond the primed depth, or tokens generated")
func sizeChecks() {
    let pp = SizeTest(kind: .prefill, tokens: 512, depth: 1024), tg = SizeTest(kind: .decode, tokens: 128)
    #expect(SizeBenchmark.check(InferenceFigures(promptTokens: 1536, cachedTokens: 1024, source: "llama.cpp timings"), test: pp) == nil)
    #expect(SizeBenchmark.check(InferenceFigures(promptTokens: 1536, cachedTokens: 0, source: "llama.cpp timings"), test: pp)?
        .contains("pre-filled 1536 tokens with 0 from its cache, not 512 after a depth of 1024") == true)
    #expect(SizeBenchmark.check(InferenceFigures(promptTokens: 513, source: "x"), test: SizeTest(kind: .prefill, tokens: 512)) != nil)
    #expect(SizeBenchmark.check(InferenceFigures(generatedTokens: 128, source: "x"), test: tg) == nil)
    #expect(SizeBenchmark.check(InferenceFigures(generatedTokens: 100, source: "x"), test: tg)?.contains("generated 100 tokens, not 128") == true)
}

@Test("the requests a run means to measure: the suite's, every size test's repeats, every level's")
func plannedRequests() throws {
    #expect(BenchMode.suite.plannedRequests(suite: 8) == 8)
    #expect(BenchMode.sizes([SizeTest(kind: .prefill, tokens: 512), SizeTest(kind: .decode, tokens: 128)], repeats: 5).plannedRequests(suite: 0) == 10)
    #expect(BenchMode.serving([.concurrency(1), .concurrency(2), .concurrency(4)], requests: nil, seed: 0).plannedRequests(suite: 8) == 28)
    #expect(BenchMode.serving([.concurrency(1), .concurrency(2)], requests: 3, seed: 0).plannedRequests(suite: 8) == 6)
    let rate = try #require(RequestRate("2"))
    #expect(BenchMode.serving([.rate(rate), .concurrency(2)], requests: nil, seed: 0).plannedRequests(suite: 8) == 16 + 8)
}
