@testable import Bench
import Testing

private func request(ttft: Double, duration: Double, tokens: Int, times: [Double], error: String? = nil) -> (record: RequestRecord, tokenTimes: [Double]) {
    let figures = InferenceFigures(generatedTokens: tokens, source: "client", timeToFirstToken: ttft, duration: duration)
    return (RequestRecord(framework: "f", model: "m", task: "t", language: "en", start: 0, end: duration, figures: figures, throttle: [], error: error,
                          mode: "serving", concurrency: 2), times)
}

@Test("a serving level: output tokens/s and requests/s over its wall time, TTFT/TPOT/ITL of the completed requests, thermals beside it")
func servingLevel() throws {
    var hot = CardSample(name: "a"), cool = CardSample(name: "b")
    hot.junction = 80; hot.power = 150; hot.vramUsed = 10; hot.throttleReported = true; hot.throttle = ["junction"]
    cool.junction = 60; cool.power = 100; cool.vramUsed = 5
    let samples = [TelemetrySample(time: 0.5, cards: [hot, cool], fans: []), TelemetrySample(time: 1.5, cards: [cool], fans: [])]
    let requests = [
        request(ttft: 0.1, duration: 0.5, tokens: 5, times: [0.1, 0.2, 0.3, 0.4, 0.5]),
        request(ttft: 0.3, duration: 1.0, tokens: 8, times: [0.3, 0.35, 0.5, 1.0]),
        request(ttft: 0.2, duration: 9, tokens: 50, times: [0.2, 0.4], error: "cut"),
    ]
    let level = ServingLevel(load: .concurrency(2), start: 10, end: 12, requests: requests, samples: samples)
    #expect(level.requests == 3 && level.completed == 2 && level.failed == 1)
    #expect(level.duration == 2 && level.outputTokens == 13)
    #expect(level.outputPerSecond == 6.5 && level.requestsPerSecond == 1)
    let ttft = try #require(level.ttft), tpot = try #require(level.tpot), itl = try #require(level.itl)
    #expect(ttft.count == 2 && abs(ttft.p50 - 200) < 1e-9)
    // TPOT: (latency − TTFT) / (tokens − 1) = 0.4 / 4 and 0.7 / 7: 100 ms each.
    #expect(tpot.count == 2 && abs(tpot.p50 - 100) < 1e-9 && abs(tpot.p99 - 100) < 1e-9)
    // ITL: every gap of every completed request: 4 × 100 ms, then 50, 150, 500 ms.
    #expect(itl.count == 7 && abs(itl.p50 - 100) < 1e-9 && abs(itl.mean - 1100.0 / 7) < 1e-9)
    #expect(level.peakJunction == 80 && level.meanJunction == (80 + 60 + 60) / 3.0)
    #expect(level.peakPower == 250 && level.peakVRAM == 15 && level.throttle == ["junction"] && level.samples == 2)
}

@Test("summary.md: the size tests with mean ± sd and the serving levels with their percentiles, in tables of their own")
func loadTables() throws {
    var run = RunReport(kind: "bench", label: "llama.cpp", started: "", duration: 1, settings: ["model": "gemma3"], machine: [:], cards: [:], curves: [],
                        sampleRate: 10, samplesTaken: 0, missedDeadlines: 0, meanSampleMilliseconds: 0, episodes: [], requests: [])
    run.sizes = [SizeResult(test: SizeTest(kind: .prefill, tokens: 512), repeats: 3, values: [100, 110, 120], failed: 0, sources: ["llama.cpp timings"]),
                 SizeResult(test: SizeTest(kind: .decode, tokens: 128, depth: 4096), repeats: 3, values: [30, 32], failed: 1, sources: ["llama.cpp timings"])]
    run.serving = [ServingLevel(load: .concurrency(2), start: 0, end: 2, requests: [request(ttft: 0.1, duration: 0.5, tokens: 5, times: [0.1, 0.2, 0.3, 0.4, 0.5])], samples: [])]
    // A rate level: two of its three requests overlap, so at most two were in flight.
    var early = request(ttft: 0.1, duration: 0.5, tokens: 5, times: [0.1, 0.5]), late = early, last = early
    (early.record.start, early.record.end, late.record.start, late.record.end, last.record.start, last.record.end) = (0, 1, 0.5, 1.5, 1.5, 2)
    let rate = try #require(RequestRate("0.5"))
    run.serving?.append(ServingLevel(load: .rate(rate), start: 0, end: 2, requests: [early, late, last], samples: []))
    let text = SummaryMarkdown.render([(run, [])])
    #expect(text.contains("| llama.cpp | gemma3 | peak 2 | 0.5 | 3 ok | 7.5 | 1.50 | "), "\(text)")
    #expect(text.contains("| llama.cpp | gemma3 | pp512 | 110.00 ± 10.00 | 3 of 3 | llama.cpp timings |"), "\(text)")
    #expect(text.contains("| llama.cpp | gemma3 | tg128 @ d4096 | 31.00 ± 1.41 | 2 of 3, 1 failed | llama.cpp timings |"), "\(text)")
    #expect(text.contains("| llama.cpp | gemma3 | 2 | inf | 1 ok | 2.5 | 0.50 | 100.0 / 100.0 / 100.0 | 100.0 / 100.0 / 100.0 | 100.0 / 100.0 / 100.0 | no sample taken |"), "\(text)")
    #expect(!text.contains("| Framework | Model | Task |"), "a run of sizes and levels only has no suite table")
}
