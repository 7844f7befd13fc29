import Foundation
import Testing
import TestSupport

/// The user prompt of every request the stub server logged, in order.
private func prompts(_ log: [String]) -> [String] {
    log.filter { $0.hasPrefix("body ") }.compactMap { line in
        let object = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(5).utf8)) as? [String: Any]
        let message = (object?["messages"] as? [[String: Any]])?.first
        return message?["content"] as? String
    }
}

@Test("on every API the warm-up asks something else and every measured request has a prefix of its own, different in every run", arguments: ["openai", "llamacpp", "ollama"])
func benchUniquePrompts(api: String) throws {
    let suite = try stubSuite(tasks: 2)
    defer { try? FileManager.default.removeItem(atPath: suite) }
    var measured: [String] = []
    for _ in 0..<2 {
        let server = try StubServer(["ok"])
        let out = scratchRunDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        _ = try runMI50Fan(["bench", "--endpoint", server.url, "--api", api, "--suite", suite, "--output", out, "--root", out + "/no-machine"])
        let sent = prompts(server.stopAndReadLog())
        try #require(sent.count == 3, "a warm-up and two requests: \(sent)")
        let (warmup, requests) = (sent[0], Array(sent.dropFirst()))
        #expect(requests.allSatisfy { !$0.hasPrefix(String(warmup.prefix(12))) && !warmup.hasPrefix(String($0.prefix(12))) }, "\(sent)")
        #expect(requests[0].hasSuffix("Question number 1: what is 1 + 1?") && requests[1].hasSuffix("Question number 2: what is 2 + 2?"))
        measured += requests
    }
    // No two measured prompts, in one run or across runs, share their first dozen characters.
    #expect(Set(measured.map { $0.prefix(12) }).count == measured.count, "\(measured)")
}

@Test("cached tokens are recorded per request; a request served mostly from the cache is flagged and kept out of the headline")
func benchCacheHitsFlagged() throws {
    let server = try StubServer(["ok"], environment: ["CACHED": "30"])
    let suite = try stubSuite(tasks: 2)
    let out = scratchRunDirectory()
    defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: suite) }
    let result = try runMI50Fan(["bench", "--endpoint", server.url, "--api", "openai", "--suite", suite, "--no-warmup",
                                 "--framework", "stub", "--output", out, "--root", out + "/no-machine"])
    #expect(result.status == 0, "\(result.stderr)")
    let rows = try csvRows(out + "/requests.csv")
    #expect(rows.count == 2 && rows.allSatisfy { $0["cached_tokens"] == "30" && $0["prompt_tokens"] == "40" && $0["cache_hit"] == "yes" }, "\(rows)")
    let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
    #expect(summary.contains("| stub | n/a | n/a |"), "\(summary)")
    #expect(summary.contains("0 ok, 2 cache hits (not counted)"), "\(summary)")
}

@Test("the same long prompt three times on the OpenAI API of a real llama.cpp server, twice: no request hits the prompt cache",
      .enabled(if: MachineRequirement.runs(MachineRequirement.pythonVenv), "no python3 with venv here for the llama.cpp server"))
func benchRealServerNoCacheHits() throws {
    let server = try LlamaServer()
    let suite = repositoryRoot.appendingPathComponent("Tests/Fixtures/llm/long-prompt-suite.yaml").path
    for _ in 0..<2 {
        let out = scratchRunDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try runMI50Fan(["bench", "--endpoint", server.url, "--api", "openai", "--model", "tiny", "--suite", suite,
                                     "--max-tokens", "4", "--output", out, "--root", out + "/no-machine"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try csvRows(out + "/requests.csv")
        #expect(rows.count == 3)
        for row in rows {
            let prompt = try #require(row["prompt_tokens"].flatMap(Int.init)), cached = try #require(row["cached_tokens"].flatMap(Int.init), "cached tokens recorded")
            #expect(cached * 10 < prompt, "\(row["task"] ?? ""): \(cached) of \(prompt) prompt tokens from the cache")
            #expect(row["cache_hit"] == "")
        }
    }
}
