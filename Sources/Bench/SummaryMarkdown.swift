import Foundation

/// summary.md: the write-up's table (a row per run and task, and one for all of a run's tasks),
/// the size tests' and serving levels' tables, the failed requests, and a thermal table beside them.
public enum SummaryMarkdown {
    /// The summary of one or more runs. Failed requests are listed and kept out of the speeds.
    public static func render(_ runs: [(RunReport, [TelemetrySample])]) -> String {
        var out = "# mi50fan benchmark summary\n\n"
        for (report, _) in runs where report.interrupted == true {
            out += "**\(report.label): interrupted** (Ctrl-C) after \(report.requests.count) request\(report.requests.count == 1 ? "" : "s"): the figures cover only those.\n\n"
        }
        out += suiteTable(runs)
        out += sizeTable(runs.map(\.0))
        out += servingTable(runs.map(\.0))
        out += agreement(runs.map(\.0))
        let failures = runs.flatMap { run in run.0.requests.filter { $0.error != nil }.map { (run.0.label, $0) } }
        if !failures.isEmpty {
            out += "\n## Failed requests\n\nNot counted in the figures above.\n\n"
            for (label, request) in failures {
                let reason = (request.error ?? "").replacingOccurrences(of: "\n", with: " ")
                out += "- \(label) \(request.name): \(reason)\n"
            }
        }
        out += "\n## Thermal\n\n"
        out += "| Run | Peak / mean junction | Peak / mean HBM | Throttled (% of load time) | Mean fan duty | Energy per token |\n|---|---|---|---|---|---|\n"
        for (report, samples) in runs {
            let cards = samples.flatMap(\.cards)
            let junction = cards.compactMap(\.junction), mem = cards.compactMap(\.mem)
            let loaded = samples.filter { sample in sample.cards.contains { ($0.busy ?? 100) >= 20 } }
            let loadSeconds = max(1e-9, Double(loaded.count))
            var shares: [String] = []
            for (label, reasons) in [("thermal", ["junction", "edge", "hbm", "vr", "thermal-other"]), ("power", ["power"]), ("current", ["current"])] {
                let count = loaded.filter { sample in sample.cards.contains { card in
                    !Set(ThrottleDetector.reasons(card).reasons).isDisjoint(with: reasons) } }.count
                shares.append(String(format: "%@ %.1f%%", label, Double(count) / loadSeconds * 100))
            }
            let duties = samples.flatMap(\.fans).compactMap(\.duty)
            let tokens = report.requests.compactMap(\.figures.generatedTokens).reduce(0, +)
            let energy = report.requests.compactMap(\.energy).reduce(0, +)
            out += "| \(report.label) | \(pair(junction)) | \(pair(mem)) | \(loaded.isEmpty ? "no load sampled" : shares.joined(separator: ", ")) | "
            out += "\(mean(duties).map { String(format: "%.0f%%", $0) } ?? "n/a") | "
            out += "\(tokens > 0 && energy > 0 ? String(format: "%.2f J", energy / Double(tokens)) : "n/a") |\n"
        }
        let episodes = runs.flatMap { run in run.0.episodes.map { (run.0.label, $0) } }
        out += "\n## Throttle episodes\n\n"
        if episodes.isEmpty { out += "None.\n" }
        for (label, episode) in episodes {
            out += String(format: "- %@ %@: %.1f s to %.1f s (%.1f s), %@%@\n", label, episode.card, episode.start, episode.end, episode.duration,
                          episode.reasons.joined(separator: ", "), episode.inferred ? " (inferred)" : "")
        }
        for (report, _) in runs where report.missedDeadlines > 0 {
            out += "\n\(report.label): the sampler missed \(report.missedDeadlines) of its deadlines at \(report.sampleRate) Hz.\n"
        }
        return out
    }

    static func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }

    private static func pair(_ values: [Double]) -> String {
        guard let peak = values.max(), let average = mean(values) else { return "n/a" }
        return String(format: "%.0f / %.0f °C", peak, average)
    }
}
