import Foundation
import Testing
import TestSupport

/// The lines of `text` that are not empty.
private func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

@Test("a missing, empty, task-less or malformed suite file is one line of error naming the file", arguments: [
    (nil as String?, "no such suite file"), ("", "the suite file is empty"), ("name: x\ntasks: []\n", "the suite has no tasks"),
    ("name: x\n", "not a benchmark suite: missing `tasks`"),
    ("name: x\ntasks: [\n", "not a benchmark suite: 3:1: YAML syntax"),
    ("name: x\ntasks:\n  - id: a\n    max_tokens: lots\n    prompts: {en: hi}\n", "not a benchmark suite: `lots` is not a whole number (line 4, column 17) at tasks[0].max_tokens"),
])
func benchBadSuite(content: String?, message: String) throws {
    let server = try StubServer(["ok"])
    let suite = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-suite-\(UUID().uuidString).yaml").path
    if let content { try content.write(toFile: suite, atomically: true, encoding: .utf8) }
    let out = scratchRunDirectory()
    defer { try? FileManager.default.removeItem(atPath: suite); try? FileManager.default.removeItem(atPath: out) }
    let result = try runMI50Fan(["bench", "--endpoint", server.url, "--suite", suite, "--output", out, "--root", out + "/no-machine"])
    #expect(result.status == 1)
    let said = lines(result.stderr)
    #expect(said.count == 1 && said[0].hasPrefix("error: \(suite): \(message)"), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out), "no run directory for a run that never started")
}

@Test("--endpoint HOST:PORT without a scheme is one argument error, and no request is sent")
func benchEndpointWithoutScheme() throws {
    let server = try StubServer(["ok"])
    let suite = try stubSuite(tasks: 3)
    let out = scratchRunDirectory()
    defer { try? FileManager.default.removeItem(atPath: suite); try? FileManager.default.removeItem(atPath: out) }
    let endpoint = "127.0.0.1:\(server.port)"
    let result = try runMI50Fan(["bench", "--endpoint", endpoint, "--suite", suite, "--output", out, "--root", out + "/no-machine"])
    #expect(result.status == 64, "an argument error")
    #expect(result.stderr.contains("--endpoint \(endpoint): expected http://HOST:PORT") && result.stderr.contains("did you mean http://\(endpoint)?"), "\(result.stderr)")
    #expect(result.stderr.components(separatedBy: "expected http://").count == 2, "said once")
    #expect(server.stopAndReadLog().filter { $0.hasPrefix("request ") }.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: out))
}

@Test("`mi50fan report A B C` writes a merged summary that Python-Markdown reads as one table with a row per run",
      .enabled(if: MachineRequirement.runs(MachineRequirement.pythonMarkdown), "no python3-markdown here (make deps installs it)"))
func mergedSummaryIsMarkdown() throws {
    let server = try StubServer(["ok", "cut", "ok"])
    let suite = try stubSuite(tasks: 1)
    let base = scratchRunDirectory()
    defer { try? FileManager.default.removeItem(atPath: suite); try? FileManager.default.removeItem(atPath: base) }
    var runs: [String] = []
    for name in ["alpha", "beta", "gamma"] {
        let out = base + "/" + name
        _ = try runMI50Fan(["bench", "--endpoint", server.url, "--suite", suite, "--no-warmup", "--framework", name, "--output", out, "--root", base + "/no-machine"])
        runs.append(out)
    }
    let merged = try runMI50Fan(["report"] + runs + ["-o", base + "/merged.html"])
    #expect(merged.status == 0, "\(merged.stderr)")
    let html = try runTool("/usr/bin/python3", ["-m", "markdown", "-x", "tables", base + "/merged-summary.md"])
    #expect(html.status == 0, "\(html.stderr)")
    let firstTable = try #require(html.stdout.components(separatedBy: "</table>").first)
    for name in ["alpha", "beta", "gamma"] { #expect(firstTable.contains("<td>\(name)</td>"), "\(name)'s row is in the first table:\n\(html.stdout)") }
    #expect(firstTable.components(separatedBy: "<tr>").count - 1 == 4, "a header and three rows")
    #expect(!html.stdout.contains("<p>|"), "no table row fell out of its table")
}
