import Foundation
import Testing

@Test("a cut stream, an HTML, non-JSON or empty 200 reply and an error event inside a 200 stream are failed requests: listed, kept out of the figures, exit 3")
func benchFailedRequests() throws {
    let scenarios = ["ok", "cut", "cut-plain", "html", "garbage", "empty", "error-event", "ok"]
    let server = try StubServer(scenarios)
    let suite = try stubSuite(tasks: scenarios.count)
    let out = scratchRunDirectory()
    defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: suite) }
    let result = try runMI50Fan(["bench", "--endpoint", server.url, "--api", "openai", "--suite", suite, "--no-warmup",
                                 "--framework", "stub", "--output", out, "--root", out + "/no-machine"])
    #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
    #expect(result.stderr.contains("6 of 8 requests failed"))
    let log = server.stopAndReadLog().filter { $0.hasPrefix("request ") }
    #expect(log.count == scenarios.count, "one request per scenario: \(log)")
    let rows = try csvRows(out + "/requests.csv")
    let failed = Set(rows.filter { $0["error"]?.isEmpty == false }.compactMap { $0["task"] })
    #expect(failed == ["t2", "t3", "t4", "t5", "t6", "t7"])
    let errors = Dictionary(uniqueKeysWithValues: rows.map { ($0["task"] ?? "", $0["error"] ?? "") })
    #expect(errors["t2"]?.contains("cut") == true)
    #expect(errors["t3"]?.contains("cut") == true)
    #expect(errors["t4"]?.contains("not a token stream") == true && errors["t4"]?.contains("nginx") == true)
    #expect(errors["t6"]?.contains("empty") == true)
    #expect(errors["t7"]?.contains("the model crashed") == true)
    // The stub's complete replies carry llama.cpp timings: 100 tokens/s pre-fill, 10 decode.
    let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
    #expect(summary.contains("| stub | default | all tasks | 40 | 100.0 | 10.0 tokens/s |"), "only the two complete requests make the figures:\n\(summary)")
    #expect(summary.contains("2 ok, 6 failed"))
    #expect(summary.contains("## Failed requests"))
    for task in ["t2", "t3", "t4", "t5", "t6", "t7"] { #expect(summary.contains("- stub \(task) [en]: ")) }
    let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
    #expect(html.contains("Failed requests") && html.contains("the model crashed"))
}

@Test("a server that accepts and never answers fails the request after the first-token timeout; one that drips tokens after the total timeout")
func benchTimeouts() throws {
    let server = try StubServer(["hang", "drip"])
    let suite = try stubSuite(tasks: 2)
    let out = scratchRunDirectory()
    defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: suite) }
    let started = Date()
    let result = try runMI50Fan(["bench", "--endpoint", server.url, "--api", "openai", "--suite", suite, "--no-warmup",
                                 "--first-token-timeout", "1", "--timeout", "2", "--output", out, "--root", out + "/no-machine"])
    let elapsed = Date().timeIntervalSince(started)
    #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
    #expect(elapsed < 20, "the stub holds each request for 60 s: the timeouts ended them (\(elapsed) s)")
    let rows = try csvRows(out + "/requests.csv")
    let errors = Dictionary(uniqueKeysWithValues: rows.map { ($0["task"] ?? "", $0["error"] ?? "") })
    #expect(errors["t1"]?.contains("no first token within 1.0 s") == true, "\(errors)")
    #expect(errors["t2"]?.contains("longer than 2.0 s") == true, "\(errors)")
    let wrong = try runMI50Fan(["bench", "--endpoint", server.url, "--suite", suite, "--timeout", "0", "--output", out + "-x"])
    #expect(wrong.status == 64 && wrong.stderr.contains("--timeout must be a positive number"), "\(wrong.stderr)")
}
