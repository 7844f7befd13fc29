import Foundation

/// summary.md's result tables: the write-up's, the size tests' and the serving levels'.
extension SummaryMarkdown {
    /// The write-up's table for the suite's requests: its columns (Framework, Pre-Fill Speed,
    /// Decode Speed, VRAM Usage) with the model, the task and the prompt size; a row per task,
    /// and first a row for all of a run's tasks when it ran more than one.
    static func suiteTable(_ runs: [(RunReport, [TelemetrySample])]) -> String {
        let suiteRuns = runs.filter { run in run.0.requests.contains { $0.mode == nil } || (run.0.sizes == nil && run.0.serving == nil) }
        guard !suiteRuns.isEmpty else { return "" }
        var out = "| Framework | Model | Task | Prompt (tokens) | Pre-Fill Speed (tokens/s) | Decode Speed | VRAM Usage | Requests | Figures from |\n"
        out += "|---|---|---|---|---|---|---|---|---|\n"
        for (report, samples) in suiteRuns {
            let requests = report.requests.filter { $0.mode == nil }
            var tasks: [String] = []
            for request in requests where !tasks.contains(request.task) { tasks.append(request.task) }
            let sampled = samples.contains { !$0.cards.isEmpty }
            let groups = (tasks.count > 1 ? [("all tasks", requests)] : []) + tasks.map { task in (task, requests.filter { $0.task == task }) }
            for (task, group) in groups.isEmpty ? [("n/a", [])] : groups {
                out += row(report.label, group, task: task, model: report.settings["model"], samples: sampled ? samples : [], sampled: sampled)
            }
        }
        return out
    }

    private static func row(_ label: String, _ requests: [RequestRecord], task: String, model: String?, samples: [TelemetrySample], sampled: Bool) -> String {
        let ok = requests.filter(\.isMeasured)
        let hits = requests.filter { $0.error == nil && $0.isCacheHit }.count
        let failed = requests.count - ok.count - hits
        let prefill = mean(ok.compactMap(\.figures.prefillPerSecond)), decode = mean(ok.compactMap(\.figures.decodePerSecond))
        let vram = ok.compactMap(\.vramPeak).max() ?? samples.flatMap(\.cards).compactMap(\.vramUsed).max()
        let prefillFrom = Set(ok.compactMap(\.figures.prefillSource)).sorted().joined(separator: " + ")
        let decodeFrom = Set(ok.compactMap(\.figures.decodeSource)).sorted().joined(separator: " + ")
        let prompts = ok.compactMap(\.figures.promptTokens)
        let size = prompts.min().map { low in low == prompts.max() ? "\(low)" : "\(low)–\(prompts.max() ?? low)" } ?? "n/a"
        let models = Set(requests.map(\.model)).sorted().joined(separator: ", ")
        var out = "| \(label) | \(models.isEmpty ? (model ?? "n/a") : models) | \(task) | \(size) | \(prefill.map { String(format: "%.1f", $0) } ?? "n/a") | "
        out += "\(decode.map { String(format: "%.1f tokens/s", $0) } ?? "n/a") | "
        out += "\(vram.map { String(format: "%.1f GiB", Double($0) / 1_073_741_824) } ?? (sampled ? "n/a" : "n/a (no card sampled)")) | "
        out += "\(ok.count) ok\(hits > 0 ? ", \(hits) cache hit\(hits == 1 ? "" : "s") (not counted)" : "")\(failed > 0 ? ", \(failed) failed" : "") | "
        out += (prefillFrom == decodeFrom ? (prefillFrom.isEmpty ? "n/a" : prefillFrom) : "pre-fill: \(prefillFrom.isEmpty ? "n/a" : prefillFrom); decode: \(decodeFrom.isEmpty ? "n/a" : decodeFrom)") + " |\n"
        return out
    }

    /// How far the client's own figures are from the server's, per run: the median ratio over
    /// the completed requests that have both (how far a client-only figure can be trusted); per
    /// test for size tests, whose prompt sizes differ on purpose.
    static func agreement(_ runs: [RunReport]) -> String {
        var lines: [String] = []
        // A size test's figure is the one it measures: pre-fill for pp, decode for tg.
        let groups = runs.flatMap { run -> [(String, [RequestRecord], SizeTest.Kind?)] in
            let tests = (run.sizes ?? []).map { test in
                ("\(run.label) \(test.test.name)", run.requests.filter { $0.mode == "size" && $0.task == test.test.name }, Optional(test.test.kind))
            }
            return [(run.label, run.requests.filter { $0.mode != "size" }, nil)] + tests
        }
        for (label, requests, kind) in groups {
            let ok = requests.filter { $0.error == nil && !$0.isCacheHit && $0.figures.source != "client" }
            func median(_ pairs: [(Double?, Double?)]) -> (Double, Int)? {
                let ratios = pairs.compactMap { client, server in client.flatMap { c in server.flatMap { $0 > 0 ? c / $0 : nil } } }.sorted()
                return ratios.isEmpty ? nil : (Percentiles.percentile(50, ofSorted: ratios), ratios.count)
            }
            let prefill = median(ok.filter { $0.figures.prefillSource != "client" }.map { ($0.figures.clientPrefillPerSecond, $0.figures.prefillPerSecond) })
            let decode = median(ok.filter { $0.figures.decodeSource != "client" }.map { ($0.figures.clientDecodePerSecond, $0.figures.decodePerSecond) })
            func part(_ name: String, _ value: (Double, Int)?) -> String? {
                value.map { String(format: "%@ %.0f%% (%d request%@)", name, $0.0 * 100, $0.1, $0.1 == 1 ? "" : "s") }
            }
            let parts = [kind == .decode ? nil : part("pre-fill", prefill), kind == .prefill ? nil : part("decode", decode)].compactMap { $0 }
            if !parts.isEmpty { lines.append("- \(label): " + parts.joined(separator: ", ")) }
        }
        guard !lines.isEmpty else { return "" }
        return "\nClient-side figures as a share of the server's (median): the client's pre-fill counts HTTP, templating and queueing too, "
            + "so on short prompts it reads low.\n\n" + lines.joined(separator: "\n") + "\n"
    }

    /// The size tests, as llama-bench reports them: tokens/s mean ± standard deviation per test.
    static func sizeTable(_ runs: [RunReport]) -> String {
        let rows = runs.flatMap { run in (run.sizes ?? []).map { (run, $0) } }
        guard !rows.isEmpty else { return "" }
        var out = "\n## Sizes\n\nllama-bench-style tests: `ppN` pre-fills N prompt tokens, `tgN` generates N, `@ dD` after D tokens of context.\n\n"
        out += "| Framework | Model | Test | Tokens/s (mean ± sd) | Repeats | Figures from |\n|---|---|---|---|---|---|\n"
        for (run, result) in rows {
            out += "| \(run.label) | \(run.settings["model"] ?? "n/a") | \(result.test.name) | \(result.statistics?.formatted() ?? "n/a") | "
            out += "\(result.values.count) of \(result.repeats)\(result.failed > 0 ? ", \(result.failed) failed" : "") | "
            out += (result.sources.isEmpty ? "n/a" : result.sources.joined(separator: " + ")) + " |\n"
        }
        return out
    }

    /// The serving levels, as vLLM's benchmark_serving reports them, with the thermals beside.
    static func servingTable(_ runs: [RunReport]) -> String {
        let rows = runs.flatMap { run in (run.serving ?? []).map { (run, $0) } }
        guard !rows.isEmpty else { return "" }
        func spread(_ value: Percentiles?) -> String { value.map { String(format: "%.1f / %.1f / %.1f", $0.p50, $0.p90, $0.p99) } ?? "n/a" }
        var out = "\n## Serving\n\nThe suite's prompts at each level: a concurrency keeps that many requests in flight (request rate inf, as vLLM's "
        out += "--max-concurrency); a request rate sends at Poisson arrivals whatever is in flight (Concurrency: the most in flight at once). "
        out += "TTFT: time to first token; TPOT: time per output token after the first; ITL: the gaps between token events.\n\n"
        out += "| Framework | Model | Concurrency | Request rate (req/s) | Requests | Output tokens/s | Requests/s | TTFT p50 / p90 / p99 (ms) | "
        out += "TPOT p50 / p90 / p99 (ms) | ITL p50 / p90 / p99 (ms) | Peak / mean junction | Peak power | Throttled |\n"
        out += "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        for (run, level) in rows {
            let concurrency = level.concurrency.map(String.init) ?? level.peakConcurrency.map { "peak \($0)" } ?? "n/a"
            out += "| \(run.label) | \(run.settings["model"] ?? "n/a") | \(concurrency) | \(level.requestRate?.description ?? "inf") | "
            out += "\(level.completed) ok\(level.failed > 0 ? ", \(level.failed) failed" : "") | "
            out += String(format: "%.1f | %.2f | ", level.outputPerSecond, level.requestsPerSecond)
            out += "\(spread(level.ttft)) | \(spread(level.tpot)) | \(spread(level.itl)) | "
            let junction = level.peakJunction.map { peak in String(format: "%.0f / %.0f °C", peak, level.meanJunction ?? peak) }
            out += "\(junction ?? (level.samples == 0 ? "no sample taken" : "n/a")) | \(level.peakPower.map { String(format: "%.0f W", $0) } ?? "n/a") | "
            out += (level.throttle.isEmpty ? (level.samples == 0 ? "n/a" : "no") : level.throttle.joined(separator: ", ")) + " |\n"
        }
        return out
    }
}
