import Foundation

/// report.html's per-request table: every request of a run numbered as the charts number them,
/// with its figures, and failed ones marked with their reason.
extension ReportHTML {
    /// The table of `report`'s requests (empty for a run without any).
    static func requestTable(_ report: RunReport) -> String {
        guard !report.requests.isEmpty else { return "" }
        func number(_ value: Double?, _ format: String = "%.1f") -> String { value.map { String(format: format, $0) } ?? "" }
        func count(_ value: Int?) -> String { value.map(String.init) ?? "" }
        var html = "<h3>Requests</h3>\n<table class=\"requests\">\n<tr><th>#</th><th>Request</th><th>Start (s)</th><th>TTFT (ms)</th><th>Prompt</th><th>Cached</th>"
        html += "<th>Generated</th><th>Pre-fill (tokens/s)</th><th>Decode (tokens/s)</th><th>Figures from</th><th>Peak junction</th><th>Status</th></tr>\n"
        for (index, request) in report.requests.enumerated() {
            let figures = request.figures
            let status = request.error.map { "FAILED: " + $0 } ?? (request.isCacheHit ? "cache hit (not counted)" : "ok")
            html += "<tr\(request.error == nil ? "" : " class=\"failed\"")><td>\(index + 1)</td><td>\(escape(request.name))</td><td>\(number(request.start))</td>"
            html += "<td>\(number(figures.timeToFirstToken.map { $0 * 1000 }, "%.0f"))</td><td>\(count(figures.promptTokens))</td><td>\(count(figures.cachedTokens))</td>"
            html += "<td>\(count(figures.generatedTokens))</td><td>\(number(figures.prefillPerSecond))</td><td>\(number(figures.decodePerSecond))</td>"
            let sources = [figures.prefillSource, figures.decodeSource].compactMap { $0 }
            html += "<td>\(escape(Set(sources).sorted().joined(separator: " + ")))</td><td>\(number(request.peakJunction, "%.0f °C"))</td><td>\(escape(status))</td></tr>\n"
        }
        return html + "</table>\n"
    }
}
