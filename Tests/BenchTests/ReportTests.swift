@testable import Bench
import Foundation
import Testing

private func report(label: String, prefill: Double, decode: Double) -> (RunReport, [TelemetrySample]) {
    var card = CardSample(name: "mi50")
    card.junction = 70; card.mem = 60; card.busy = 90; card.power = 200; card.vramUsed = 20 << 30
    card.throttleReported = true; card.throttle = ["power"]
    let samples = (0..<10).map { TelemetrySample(time: Double($0), cards: [card], fans: [FanSample(name: "blower", duty: 55, rpm: 2400)]) }
    let figures = InferenceFigures(promptTokens: 500, generatedTokens: 100, prefillPerSecond: prefill, decodePerSecond: decode, source: "llama.cpp timings",
                                  prefillSource: "llama.cpp timings", decodeSource: "llama.cpp timings")
    let request = RequestRecord(framework: label, model: "m", task: "algebra", language: "en", start: 1, end: 8, figures: figures,
                                vramBefore: 19 << 30, vramPeak: 21 << 30, vramAfter: 20 << 30, throttle: [], energy: 1400)
    let run = RunReport(kind: "bench", label: label, started: "2026-11-24T10:00:00Z", duration: 10, settings: [:], machine: [:],
                        cards: ["mi50": "0000:44:00.0 MI50"], curves: [], sampleRate: 10, samplesTaken: 10, missedDeadlines: 0,
                        meanSampleMilliseconds: 0.2, episodes: [ThrottleEpisode(card: "mi50", start: 0, end: 10, reasons: ["power"], inferred: false)],
                        requests: [request])
    return (run, samples)
}

@Test("summary.md carries the write-up's table exactly, and the thermal table")
func summary() {
    let text = SummaryMarkdown.render([report(label: "llama.cpp", prefill: 430, decode: 35.5), report(label: "vLLM", prefill: 520, decode: 41)])
    #expect(text.contains("| Framework | Model | Task | Prompt (tokens) | Pre-Fill Speed (tokens/s) | Decode Speed | VRAM Usage |"))
    #expect(text.contains("| llama.cpp | m | algebra | 500 | 430.0 | 35.5 tokens/s | 21.0 GiB |"))
    #expect(text.contains("| vLLM | m | algebra | 500 | 520.0 | 41.0 tokens/s | 21.0 GiB |"))
    #expect(text.contains("| llama.cpp | 70 / 70 °C | 60 / 60 °C | thermal 0.0%, power 100.0%, current 0.0% | 55% | 14.00 J |"))
}

@Test("a run directory round-trips: written, read back, and the page has its charts")
func runDirectory() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-run-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let (run, samples) = report(label: "llama.cpp", prefill: 430, decode: 35.5)
    try RunDirectory.write(run, samples: samples, to: directory)
    for file in ["samples.csv", "requests.csv", "run.json", "summary.md", "report.html"] {
        #expect(FileManager.default.fileExists(atPath: directory + "/" + file))
    }
    let (back, backSamples) = try RunDirectory.read(directory)
    #expect(back.requests == run.requests)
    #expect(backSamples == samples)
    let html = try String(contentsOfFile: directory + "/report.html", encoding: .utf8)
    #expect(html.components(separatedBy: "<polyline").count - 1 >= 5)
    #expect(html.contains("<th>Pre-Fill Speed (tokens/s)</th>"))
    #expect(!html.contains("<script"), "self-contained, no scripts")
}

@Test("a request served mostly from the prompt cache is flagged and stays out of the headline; a few cached tokens do not count as a hit")
func cacheHitsOutOfHeadline() {
    var run = report(label: "openai", prefill: 400, decode: 30).0
    var hit = run.requests[0]
    hit.figures.prefillPerSecond = 90_000
    hit.figures.cachedTokens = 480
    var few = run.requests[0]
    few.figures.cachedTokens = 6
    #expect(hit.figures.isCacheHit && !few.figures.isCacheHit)
    run.requests += [hit, few]
    let text = SummaryMarkdown.render([(run, [])])
    #expect(text.contains("| openai | m | algebra | 500 | 400.0 | 30.0 tokens/s |"), "\(text)")
    #expect(text.contains("2 ok, 1 cache hit (not counted)"), "\(text)")
    #expect(hit.csvLine.contains(",480,yes,"))
}

@Test("summary.md says where each figure came from: one source, or pre-fill and decode apart")
func figureSources() {
    var (run, samples) = report(label: "lmstudio", prefill: 300, decode: 40)
    #expect(SummaryMarkdown.render([(run, samples)]).contains("| 21.0 GiB | 1 ok | llama.cpp timings |"))
    run.requests[0].figures.prefillSource = "client"
    #expect(SummaryMarkdown.render([(run, samples)]).contains("| 1 ok | pre-fill: client; decode: llama.cpp timings |"))
    #expect(run.requests[0].csvLine.contains(",llama.cpp timings,client,llama.cpp timings,"))
}

@Test("report.html lists every request in a table, numbered as the charts mark them, with its figures; failed ones marked with their reason")
func requestTable() throws {
    var (run, samples) = report(label: "llama.cpp", prefill: 430, decode: 35.5)
    var failed = run.requests[0]
    failed.task = "geometry-problem"
    failed.start = 8.5; failed.end = 9.5
    failed.figures = InferenceFigures(source: "none")
    failed.error = "the stream was cut"
    run.requests.append(failed)
    let html = ReportHTML.render([(run, samples)])
    let table = try #require(html.components(separatedBy: "<table class=\"requests\">").dropFirst().first?.components(separatedBy: "</table>").first)
    let rows = table.components(separatedBy: "<tr").dropFirst(2).map { $0 }
    #expect(rows.count == 2)
    #expect(rows[0].hasPrefix("><td>1</td><td>algebra [en]</td><td>1.0</td>") && rows[0].contains("<td>500</td>") && rows[0].contains("<td>430.0</td><td>35.5</td>")
            && rows[0].contains("<td>ok</td>"), "\(rows[0])")
    #expect(rows[1].hasPrefix(" class=\"failed\"><td>2</td><td>geometry-problem [en]</td>") && rows[1].contains("<td>FAILED: the stream was cut</td>"), "\(rows[1])")
    #expect(html.contains("<title>#1 algebra [en]</title>") && html.contains("<title>#2 geometry-problem [en]: failed</title>"), "each request is marked in the charts")
}

@Test("summary.md states how the client's figures compare with the server's: the median ratio per run, per test for size tests")
func clientAgreement() {
    var (run, samples) = report(label: "llama.cpp", prefill: 100, decode: 40)
    let base = run.requests[0]
    run.requests = [(90.0, 40.0), (110, 42), (50, 38)].map { client in
        var request = base
        request.figures.clientPrefillPerSecond = client.0
        request.figures.clientDecodePerSecond = client.1
        return request
    }
    var size = base
    size.mode = "size"; size.task = "pp512"; size.figures.clientPrefillPerSecond = 99; size.figures.clientDecodePerSecond = nil
    run.requests.append(size)
    run.sizes = [SizeResult(test: SizeTest(kind: .prefill, tokens: 512), repeats: 1, values: [100], failed: 0, sources: ["llama.cpp timings"])]
    let text = SummaryMarkdown.render([(run, samples)])
    #expect(text.contains("- llama.cpp: pre-fill 90% (3 requests), decode 100% (3 requests)\n"), "\(text)")
    #expect(text.contains("- llama.cpp pp512: pre-fill 99% (1 request)\n"), "\(text)")
}
