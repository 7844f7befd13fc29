/// One inference request of a benchmark run, with its thermal story.
public struct RequestRecord: Sendable, Codable, Equatable {
    public var framework: String
    public var model: String
    public var task: String
    public var language: String
    /// Seconds since the run started.
    public var start: Double, end: Double
    public var figures: InferenceFigures
    /// VRAM before, at its peak during, and after the request, bytes (nil without a card).
    public var vramBefore: Int?, vramPeak: Int?, vramAfter: Int?
    /// Junction during the request.
    public var peakJunction: Double?, meanJunction: Double?
    /// Throttle reasons seen during the request.
    public var throttle: [String]
    /// Board energy during the request, joules.
    public var energy: Double?
    /// Why the request failed, if it did.
    public var error: String?
    /// `size` for a llama-bench-style test (`--sizes`), `serving` for a serving level
    /// (`--concurrency` or `--request-rate`); nil for a suite task.
    public var mode: String?
    /// The repeat number of a size test, from 1.
    public var round: Int?
    /// The concurrency level a serving request ran at.
    public var concurrency: Int?
    /// The request rate of the serving level it was sent at.
    public var requestRate: RequestRate?

    /// The CSV header of requests.csv.
    public static let csvHeader = "framework,model,task,language,start_s,end_s,ttft_s,prompt_tokens,cached_tokens,cache_hit,prefill_tps,generated_tokens,decode_tps,source,prefill_source,decode_source,client_prefill_tps,client_decode_tps,vram_before,vram_peak,vram_after,peak_junction_c,mean_junction_c,throttle,energy_j,error,mode,round,concurrency,request_rate"

    /// Whether the request counts in the headline figures: it completed and did not hit the cache.
    public var isMeasured: Bool { error == nil && !isCacheHit }

    /// How the request is named in lists: `task [language]`, a size test's `pp512 #2`, a serving
    /// request's `task [language] at concurrency 4` or `at 2 requests/s`.
    public var name: String {
        if mode == "size" { return task + (round.map { " #\($0)" } ?? "") }
        return "\(task) [\(language)]" + (concurrency.map { " at concurrency \($0)" } ?? requestRate.map { " at \($0) requests/s" } ?? "")
    }

    /// Whether the prompt came mostly from the server's cache when it should not have: a size
    /// test at a depth reuses its primed context on purpose (and checks the cached count).
    public var isCacheHit: Bool { mode != "size" && figures.isCacheHit }

    /// One CSV line.
    public var csvLine: String {
        func n(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "" }
        func i(_ value: Int?) -> String { value.map(String.init) ?? "" }
        let fields = [framework, model, task, language, n(start), n(end), n(figures.timeToFirstToken), i(figures.promptTokens),
                      i(figures.cachedTokens), isCacheHit ? "yes" : "", n(figures.prefillPerSecond), i(figures.generatedTokens), n(figures.decodePerSecond),
                      figures.source, figures.prefillSource ?? "", figures.decodeSource ?? "", n(figures.clientPrefillPerSecond), n(figures.clientDecodePerSecond), i(vramBefore), i(vramPeak),
                      i(vramAfter), n(peakJunction), n(meanJunction), throttle.joined(separator: "+"), n(energy), error ?? "", mode ?? "", i(round), i(concurrency),
                      requestRate?.description ?? ""]
        return fields.map(csvField).joined(separator: ",")
    }

    /// Creates a value.
    public init(framework: String, model: String, task: String, language: String, start: Double, end: Double, figures: InferenceFigures, vramBefore: Int? = nil, vramPeak: Int? = nil, vramAfter: Int? = nil, peakJunction: Double? = nil, meanJunction: Double? = nil, throttle: [String], energy: Double? = nil, error: String? = nil, mode: String? = nil, round: Int? = nil, concurrency: Int? = nil, requestRate: RequestRate? = nil) {
        self.framework = framework
        self.model = model
        self.task = task
        self.language = language
        self.start = start
        self.end = end
        self.figures = figures
        self.vramBefore = vramBefore
        self.vramPeak = vramPeak
        self.vramAfter = vramAfter
        self.peakJunction = peakJunction
        self.meanJunction = meanJunction
        self.throttle = throttle
        self.energy = energy
        self.error = error
        self.mode = mode
        self.round = round
        self.concurrency = concurrency
        self.requestRate = requestRate
    }
}

/// A CSV field, quoted when it must be.
func csvField(_ text: String) -> String {
    text.contains(",") || text.contains("\"") || text.contains("\n") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
}
