import Foundation
import Simulator
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The rows of a CSV file with a header, quoted fields (`"a, ""b"""`) read as CSV means them.
func csvRows(_ path: String) throws -> [[String: String]] {
    func fields(_ line: String) -> [String] {
        var result: [String] = [], field = "", quoted = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            switch (character, quoted) {
            case ("\"", true):
                if let next = characters.next() {
                    if next == "\"" { field.append("\"") } else { quoted = false; if next == "," { result.append(field); field = "" } else { field.append(next) } }
                } else { quoted = false }
            case ("\"", false): quoted = true
            case (",", false): result.append(field); field = ""
            default: field.append(character)
            }
        }
        return result + [field]
    }
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    let header = fields(lines[0])
    return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, fields($0))) }
}

@Test("bench against a real llama.cpp server: server timings used, client figures agree, the write-up's table filled",
      .enabled(if: MachineRequirement.runs(MachineRequirement.pythonVenv), "no python3 with venv here for the llama.cpp server"))
func benchRealServer() throws {
    let server = try LlamaServer()
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-bench-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: out) }
    let suite = repositoryRoot.appendingPathComponent("Tests/Fixtures/llm/long-prompt-suite.yaml").path
    let result = try runMI50Fan(["bench", "--endpoint", server.url, "--api", "llamacpp", "--model", "tiny", "--suite", suite,
                                 "--output", out, "--root", out + "/no-machine", "--framework", "llama.cpp"])
    #expect(result.status == 0, "\(result.stderr)")
    let rows = try csvRows(out + "/requests.csv")
    #expect(rows.count == 3)
    #expect(rows.allSatisfy { $0["source"] == "llama.cpp timings" && $0["generated_tokens"] == "48" })
    #expect(rows.allSatisfy { $0["prompt_tokens"].flatMap(Int.init).map { $0 > 5000 } == true })
    // One request at a time, no prompt cache: the client's figures track the server's. The
    // median of three keeps a request slowed by other tests on this machine from deciding.
    func medianRatio(_ client: String, _ server: String) -> Double {
        let ratios = rows.compactMap { row in row[client].flatMap(Double.init).flatMap { c in row[server].flatMap(Double.init).map { c / $0 } } }.sorted()
        return ratios.isEmpty ? .nan : ratios[ratios.count / 2]
    }
    let prefill = medianRatio("client_prefill_tps", "prefill_tps"), decode = medianRatio("client_decode_tps", "decode_tps")
    #expect(abs(prefill - 1) < 0.10, "prefill: client/server \(prefill)")
    #expect(abs(decode - 1) < 0.10, "decode: client/server \(decode)")
    let serverPrefill = rows.compactMap { $0["prefill_tps"].flatMap(Double.init) }
    let serverDecode = rows.compactMap { $0["decode_tps"].flatMap(Double.init) }
    let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
    #expect(summary.contains("| Framework | Model | Task | Prompt (tokens) | Pre-Fill Speed (tokens/s) | Decode Speed | VRAM Usage |"))
    let meanPrefill = serverPrefill.reduce(0, +) / Double(serverPrefill.count), meanDecode = serverDecode.reduce(0, +) / Double(serverDecode.count)
    let prompts = rows.compactMap { $0["prompt_tokens"].flatMap(Int.init) }
    let size = prompts.min() == prompts.max() ? "\(prompts[0])" : "\(prompts.min() ?? 0)–\(prompts.max() ?? 0)"
    #expect(summary.contains(String(format: "| llama.cpp | tiny | all tasks | %@ | %.1f | %.1f tokens/s |", size, meanPrefill, meanDecode)), "\(summary)")
    #expect(try String(contentsOfFile: out + "/report.html", encoding: .utf8).contains("<table>"))
}

@Test("the shipped suite runs its text tasks against the real server; image tasks fail cleanly on a text-only model",
      .enabled(if: MachineRequirement.runs(MachineRequirement.pythonVenv), "no python3 with venv here for the llama.cpp server"))
func shippedSuiteRealServer() throws {
    let server = try LlamaServer()
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-bench-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: out) }
    let suite = repositoryRoot.appendingPathComponent("bench/suites/mi50-blog.yaml").path
    let result = try runMI50Fan(["bench", "--endpoint", server.url, "--api", "openai", "--model", "tiny", "--suite", suite,
                                 "--max-tokens", "12", "--output", out, "--root", out + "/no-machine", "--language", "zh"])
    // The four image requests fail on this text-only model, and a run with failed requests says so.
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("4 of 8 requests failed"))
    let rows = try csvRows(out + "/requests.csv")
    #expect(rows.count == 8)
    let text = rows.filter { ["algebra", "gaokao-essay", "frontend-coding", "task-plan"].contains($0["task"] ?? "") }
    // The OpenAI API has no ignore_eos: a random model may stop before the 12 tokens asked.
    #expect(text.count == 4)
    #expect(text.allSatisfy { $0["error"]?.isEmpty == true && ($0["generated_tokens"].flatMap(Int.init).map { (1...12).contains($0) } ?? false) })
    #expect(rows.filter { $0["task"] == "geometry-problem" }.allSatisfy { $0["error"]?.contains("image input is not supported") == true },
            "no vision on this model: the server's answer is recorded as the error")
}

@Test("stress on the virtual card logs the throttling it causes and stops its command's process group")
func stressOnSimulator() throws {
    let card = try ServedCard(speed: 100, profile: "stress")
    let out = card.root + "/stress-run"
    // A sleep no other process on the machine runs, so that pgrep finds only the command's.
    let sleep = "sleep 60.\(UInt32.random(in: 100_000...999_999))"
    let result = try runMI50Fan(["stress", "--root", card.root, "--config", card.config, "--duration", "6s", "--output", out,
                                 "--", "/bin/sh", "-c", "\(sleep) & \(sleep)"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("thermal"))
    let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
    #expect(summary.contains("## Throttle episodes"))
    #expect(summary.contains("hbm") || summary.contains("junction"))
    let report = try runMI50Fan(["report", out])
    #expect(report.status == 0)
    let pgrep = try runTool("/usr/bin/pgrep", ["-f", sleep])
    #expect(pgrep.stdout.isEmpty, "the whole process group was stopped")
}

@Test("stress exits 2 when it sampled no card, 3 when the load command fails, and never reuses a run directory")
func stressExitStatus() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-stress-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let machine = VirtualMI50Machine(root: root, cards: 1, profile: .idle)
    machine.build()
    let out = root + "/runs/one"
    // A load that fails after a second: the run samples the card meanwhile (10 Hz), so the
    // failure is the load's alone (one that failed at once could end before any sample: exit 2).
    let failed = try runMI50Fan(["stress", "--root", root, "--output", out, "--", "/bin/sh", "-c", "sleep 1; exit 3"])
    #expect(failed.status == 3, "\(failed.stderr)")
    #expect(failed.stderr.contains("exited with status 3"))
    let nothing = try runMI50Fan(["stress", "--root", root + "/runs", "--output", out, "--", "/bin/true"])
    #expect(nothing.status == 2, "\(nothing.stderr)")
    #expect(nothing.stdout.contains(out + "-2"))
    let first = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
    #expect(first?["exitStatus"] as? Int == 3, "the first run's directory is untouched")
}
