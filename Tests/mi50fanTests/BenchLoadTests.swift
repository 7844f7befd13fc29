import Foundation
import Testing
import TestSupport

@Test("bench --sizes against a real llama.cpp server: exact prompt sizes (the server's own counts), the depth from its cache, mean ± sd per test",
      .enabled(if: MachineRequirement.runs(MachineRequirement.pythonVenv), "no python3 with venv here for the llama.cpp server"))
func benchSizesRealServer() throws {
    let server = try LlamaServer()
    let out = scratchRunDirectory()
    defer { try? FileManager.default.removeItem(atPath: out) }
    let result = try runMI50Fan(["bench", "--endpoint", server.url, "--api", "llamacpp", "--model", "tiny", "--sizes", "pp96,tg12",
                                 "--repeat", "3", "--depth", "0,200", "--output", out, "--root", out + "/no-machine", "--framework", "llama.cpp"])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let rows = try csvRows(out + "/requests.csv")
    #expect(rows.count == 12, "4 tests × 3 repeats, warm-ups not recorded")
    func tests(_ name: String) -> [[String: String]] { rows.filter { $0["task"] == name } }
    // The server's timings say what it did: prompt_n is the prompt_tokens less cached_tokens.
    #expect(tests("pp96").allSatisfy { $0["prompt_tokens"] == "96" && $0["cached_tokens"] == "0" })
    #expect(tests("pp96 @ d200").allSatisfy { $0["prompt_tokens"] == "296" && $0["cached_tokens"] == "200" && $0["cache_hit"] == "" })
    #expect(tests("tg12").allSatisfy { $0["generated_tokens"] == "12" })
    #expect(tests("tg12 @ d200").allSatisfy { $0["generated_tokens"] == "12" && $0["prompt_tokens"] == "200" })
    #expect(rows.allSatisfy { $0["mode"] == "size" && $0["error"] == "" && $0["source"] == "llama.cpp timings" })
    #expect(Set(tests("pp96").compactMap { $0["round"] }) == ["1", "2", "3"])
    // The summary's mean ± sd is the repeats' own (sample standard deviation).
    let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
    for (name, column) in [("pp96", "prefill_tps"), ("pp96 @ d200", "prefill_tps"), ("tg12", "decode_tps"), ("tg12 @ d200", "decode_tps")] {
        let values = tests(name).compactMap { $0[column].flatMap(Double.init) }
        #expect(values.count == 3)
        let mean = values.reduce(0, +) / 3
        let deviation = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
        // requests.csv rounds to 3 decimals; the summary prints 2 from the unrounded values.
        let line = summary.split(separator: "\n").first { $0.hasPrefix("| llama.cpp | tiny | \(name) | ") }.map(String.init) ?? ""
        let figures = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        let printed = figures.count > 4 ? figures[3].components(separatedBy: " ± ").compactMap(Double.init) : []
        #expect(printed.count == 2 && abs(printed[0] - mean) < 0.01 && abs(printed[1] - deviation) < 0.01, "\(name): \(line) vs \(mean) ± \(deviation)")
        #expect(line.hasSuffix("| 3 of 3 | llama.cpp timings |"), "\(line)")
    }
    #expect(!summary.contains("| Framework | Model | Task |"), "no suite ran: no suite table")
    let run = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
    #expect((run?["sizes"] as? [[String: Any]])?.count == 4)
}

@Test("bench --concurrency against a real llama.cpp server: each level keeps that many requests in flight and reports throughput and percentiles, with the card's thermals",
      .enabled(if: MachineRequirement.runs(MachineRequirement.pythonVenv), "no python3 with venv here for the llama.cpp server"))
func benchServingRealServer() throws {
    let server = try LlamaServer()
    let card = try ServedCard(speed: 100, profile: "stress")
    let out = card.root + "/serving-run"
    let suite = try stubSuite(tasks: 3, maxTokens: 48)
    defer { try? FileManager.default.removeItem(atPath: suite) }
    let result = try runMI50Fan(["bench", "--endpoint", server.url, "--api", "llamacpp", "--model", "tiny", "--suite", suite, "--concurrency", "1,3",
                                 "--requests", "6", "--rate", "200", "--output", out, "--root", card.root, "--config", card.config, "--framework", "llama.cpp"])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let rows = try csvRows(out + "/requests.csv")
    #expect(rows.count == 12 && rows.allSatisfy { $0["mode"] == "serving" && $0["error"] == "" && $0["generated_tokens"] == "48" })
    // In flight at once: never two at concurrency 1; at 3, requests overlap.
    func overlaps(_ level: String) -> Int {
        let spans = rows.filter { $0["concurrency"] == level }.compactMap { row in row["start_s"].flatMap(Double.init).flatMap { s in row["end_s"].flatMap(Double.init).map { (s, $0) } } }
        return spans.indices.flatMap { i in spans.indices.filter { $0 > i }.map { (i, $0) } }.filter { spans[$0.0].0 < spans[$0.1].1 && spans[$0.1].0 < spans[$0.0].1 }.count
    }
    #expect(overlaps("1") == 0)
    #expect(overlaps("3") > 0)
    let run = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
    let levels = try #require(run?["serving"] as? [[String: Any]])
    #expect(levels.map { $0["concurrency"] as? Int } == [1, 3])
    for level in levels {
        #expect(level["completed"] as? Int == 6 && level["outputTokens"] as? Int == 288)
        let duration = try #require(level["duration"] as? Double)
        #expect(abs((level["outputPerSecond"] as? Double ?? 0) - 288 / duration) < 1e-6)
        for key in ["ttft", "tpot", "itl"] { #expect((level[key] as? [String: Any])?["p99"] is Double, "\(key) in \(level)") }
        #expect((level["samples"] as? Int ?? 0) > 0 && level["peakJunction"] is Double, "the virtual card sampled beside the level: \(level)")
    }
    let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
    #expect(summary.contains("## Serving") && summary.contains("| llama.cpp | tiny | 3 | inf | 6 ok | "), "\(summary)")
}
