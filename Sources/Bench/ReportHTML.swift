import Foundation

/// report.html: a self-contained page (no scripts, no downloads) with SVG charts of each run:
/// temperatures, fan duty and RPM, sclk and power over time, throttle episodes shaded and
/// requests marked, and the summary tables.
public enum ReportHTML {
    public static func render(_ runs: [(RunReport, [TelemetrySample])]) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>mi50fan report</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 24px; color: #1b1f24; max-width: 1000px; }
            h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; } h3 { font-size: 15px; margin-bottom: 4px; }
            table { border-collapse: collapse; margin: 8px 0 16px; } td, th { border: 1px solid #ccd; padding: 4px 8px; font-size: 13px; }
            th { background: #f0f3f8; } tr.failed td { background: #fde8e8; } .legend span { margin-right: 14px; font-size: 12px; } .note { color: #555; font-size: 12px; }
            </style></head><body>
            <h1>mi50fan: thermal and inference report</h1>

            """
        html += markdownTables(SummaryMarkdown.render(runs))
        for (report, samples) in runs {
            html += "<h2>\(escape(report.label)) <span class=\"note\">(\(report.kind), started \(escape(report.started)), \(Int(report.duration)) s, "
            html += "\(report.samplesTaken) samples at \(report.sampleRate) Hz, \(report.missedDeadlines) missed)</span></h2>\n"
            let cardNames = Array(Set(samples.flatMap { $0.cards.map(\.name) })).sorted()
            for card in cardNames {
                let series = samples.map { sample in (sample.time, sample.cards.first { $0.name == card }) }
                let episodes = report.episodes.filter { $0.card == card }
                html += "<h3>\(escape(card)): temperatures (°C)</h3>\n"
                html += chart(series.map { ($0.0, $0.1?.edge) }, series.map { ($0.0, $0.1?.junction) }, series.map { ($0.0, $0.1?.mem) },
                              names: ["edge", "junction", "mem"], episodes: episodes, requests: report.requests)
                html += "<h3>\(escape(card)): sclk (MHz)</h3>\n"
                html += chart(series.map { ($0.0, $0.1?.sclk) }, names: ["sclk"], episodes: episodes, requests: report.requests)
                html += "<h3>\(escape(card)): board power (W)</h3>\n"
                html += chart(series.map { ($0.0, $0.1?.power) }, names: ["power"], episodes: episodes, requests: report.requests)
            }
            for fan in Array(Set(samples.flatMap { $0.fans.map(\.name) })).sorted() {
                let series = samples.map { sample in (sample.time, sample.fans.first { $0.name == fan }) }
                html += "<h3>fan \(escape(fan)): duty (%) and RPM (/50)</h3>\n"
                html += chart(series.map { ($0.0, $0.1?.duty) }, series.map { ($0.0, $0.1?.rpm.map { Double($0) / 50 }) },
                              names: ["duty %", "RPM / 50"], episodes: report.episodes, requests: report.requests)
            }
            if cardNames.isEmpty { html += "<p class=\"note\">No card was sampled in this run.</p>\n" }
            html += requestTable(report)
        }
        return html + "<p class=\"note\">Red bands: throttle episodes. Blue bands: inference requests, numbered as in the Requests table (failed ones in red).</p>\n</body></html>\n"
    }

    private static let colors = ["#d29922", "#cf222e", "#8250df", "#1f6feb"]

    /// One line chart over time with shaded episodes and requests.
    static func chart(_ series: [(Double, Double?)]..., names: [String], episodes: [ThrottleEpisode], requests: [RequestRecord]) -> String {
        let width = 940.0, height = 220.0, left = 50.0, right = 10.0, top = 10.0, bottom = 24.0
        let times = series.flatMap { $0.map(\.0) }
        let values = series.flatMap { $0.compactMap(\.1) }
        guard let t0 = times.min(), let t1 = times.max(), t1 > t0, let v0 = values.min(), let v1 = values.max() else {
            return "<p class=\"note\">no data</p>\n"
        }
        let low = floor(v0 / 10) * 10, high = max(low + 10, ceil(v1 / 10) * 10)
        func x(_ t: Double) -> Double { left + (t - t0) / (t1 - t0) * (width - left - right) }
        func y(_ v: Double) -> Double { top + (1 - (v - low) / (high - low)) * (height - top - bottom) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-size=\"11\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
        for (index, request) in requests.enumerated() where request.end >= t0 && request.start <= t1 {
            let left = x(max(t0, request.start)), band = max(1, x(min(t1, request.end)) - left)
            let color = request.error == nil ? "#1f6feb" : "#cf222e"
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\" opacity=\"0.08\"><title>#%d %@</title></rect>\n",
                          left, top, band, height - top - bottom, color, index + 1, escape(request.name + (request.error == nil ? "" : ": failed")))
            if band >= 14 {
                svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%@\">%d</text>\n", left + band / 2, top + 11, color, index + 1)
            }
        }
        for episode in episodes {
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#cf222e\" opacity=\"0.15\"><title>%@</title></rect>\n",
                          x(episode.start), top, max(1, x(episode.end) - x(episode.start)), height - top - bottom, episode.reasons.joined(separator: ", "))
        }
        for step in 0...4 {
            let value = low + (high - low) * Double(step) / 4
            svg += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e8ee\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>\n",
                          left, width - right, y(value), y(value), left - 4, y(value) + 4, value)
        }
        for step in 0...6 {
            let t = t0 + (t1 - t0) * Double(step) / 6
            svg += String(format: t1 - t0 < 30 ? "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.1f s</text>\n"
                                              : "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.0f s</text>\n", x(t), height - 6, t)
        }
        for (index, line) in series.enumerated() {
            let points = line.compactMap { point in point.1.map { String(format: "%.1f,%.1f", x(point.0), y($0)) } }
            guard !points.isEmpty else { continue }
            svg += "<polyline fill=\"none\" stroke=\"\(colors[index % colors.count])\" stroke-width=\"1.6\" points=\"\(points.joined(separator: " "))\"/>\n"
        }
        svg += "</svg>\n<div class=\"legend\">" + names.enumerated().map { "<span style=\"color:\(colors[$0.offset % colors.count])\">■ \(escape($0.element))</span>" }.joined() + "</div>\n"
        return svg
    }

    /// The summary's Markdown tables as HTML tables (and its other lines as paragraphs).
    static func markdownTables(_ markdown: String) -> String {
        var html = "", inTable = false, header = true
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("|") {
                if line.hasPrefix("|---") { continue }
                if !inTable { html += "<table>\n"; inTable = true; header = true }
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map { $0.trimmingCharacters(in: .whitespaces) }
                let tag = header ? "th" : "td"
                html += "<tr>" + cells.map { "<\(tag)>\(escape($0))</\(tag)>" }.joined() + "</tr>\n"
                header = false
                continue
            }
            if inTable { html += "</table>\n"; inTable = false }
            if line.hasPrefix("## ") { html += "<h2>\(escape(String(line.dropFirst(3))))</h2>\n" }
            else if line.hasPrefix("# ") || line.hasPrefix("<!--") || line.isEmpty { continue }
            else { html += "<p class=\"note\">\(escape(String(line)))</p>\n" }
        }
        return html + (inTable ? "</table>\n" : "")
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
