import Foundation

/// What one inference request measured: token counts and speeds, from the server's own
/// timings where it gives them, and from the token stream as seen by the client.
public struct InferenceFigures: Sendable, Codable, Equatable {
    /// Prompt tokens (including cached ones), if known.
    public var promptTokens: Int?
    /// Prompt tokens served from the cache, if known.
    public var cachedTokens: Int?
    /// Generated tokens, if known.
    public var generatedTokens: Int?
    /// Pre-fill speed in tokens/s (server figure where available).
    public var prefillPerSecond: Double?
    /// Decode speed in tokens/s (server figure where available).
    public var decodePerSecond: Double?
    /// Where the speeds came from: `llama.cpp timings`, `ollama eval counts`, `vLLM metrics`,
    /// `LM Studio stats`, or `client` (derived from the token stream).
    public var source: String
    /// Where the pre-fill figure came from: the server's source name, or `client`; nil without one.
    public var prefillSource: String?
    /// Where the decode figure came from: the server's source name, or `client`; nil without one.
    public var decodeSource: String?
    /// Time to first token as the client saw it, seconds.
    public var timeToFirstToken: Double?
    /// Client-side pre-fill estimate: (prompt - cached) / TTFT, as servers derive it: the first
    /// token comes out of the pre-fill pass (an underestimate: TTFT also holds HTTP, templating
    /// and queueing, which weigh most on short prompts).
    public var clientPrefillPerSecond: Double?
    /// Client-side decode estimate: (generated - 1) / (last token - first token).
    public var clientDecodePerSecond: Double?
    /// Total request time, seconds.
    public var duration: Double?

    /// Whether the prompt came mostly (half or more) from the server's cache: its pre-fill figure
    /// measures the cache, not the card, and stays out of the headline. A few cached tokens are
    /// normal (llama.cpp reuses the chat template's head even behind a unique prefix).
    public var isCacheHit: Bool {
        guard let cached = cachedTokens, cached > 0 else { return false }
        guard let prompt = promptTokens, prompt > 0 else { return true }
        return cached * 2 >= prompt
    }

    /// Creates a value.
    public init(promptTokens: Int? = nil, cachedTokens: Int? = nil, generatedTokens: Int? = nil, prefillPerSecond: Double? = nil, decodePerSecond: Double? = nil, source: String, prefillSource: String? = nil, decodeSource: String? = nil, timeToFirstToken: Double? = nil, clientPrefillPerSecond: Double? = nil, clientDecodePerSecond: Double? = nil, duration: Double? = nil) {
        self.promptTokens = promptTokens
        self.cachedTokens = cachedTokens
        self.generatedTokens = generatedTokens
        self.prefillPerSecond = prefillPerSecond
        self.decodePerSecond = decodePerSecond
        self.source = source
        self.prefillSource = prefillSource
        self.decodeSource = decodeSource
        self.timeToFirstToken = timeToFirstToken
        self.clientPrefillPerSecond = clientPrefillPerSecond
        self.clientDecodePerSecond = clientDecodePerSecond
        self.duration = duration
    }
}

/// Reads a streamed response, one event at a time with the time it arrived, and works out
/// the figures. Knows llama.cpp (`/completion` and `/v1/chat/completions` with `timings`),
/// OpenAI-style streams with `usage` (vLLM, lmdeploy, LM Studio; vLLM `metrics` and LM Studio
/// `stats` when present) and ollama (`/api/chat`, `/api/generate` with eval counts).
public struct StreamTimingParser: Sendable {
    private var firstToken: Double?
    private var lastToken: Double?
    /// When each event carrying a token arrived.
    public private(set) var tokenTimes: [Double] = []
    private var chunks = 0
    private var server: (prompt: Int?, cached: Int?, generated: Int?, prefill: Double?, decode: Double?, source: String)?
    private var usage: (prompt: Int?, cached: Int?, completion: Int?)?
    private var requestStart: Double
    private var finished: Double?
    /// JSON events seen (anything else in the body is not a token stream).
    public private(set) var events = 0
    /// An error the server reported inside the stream.
    public private(set) var streamError: String?
    /// Whether the server said the reply was complete (`[DONE]`, a `finish_reason`, ollama's
    /// `done`, llama.cpp's `stop`).
    public private(set) var completed = false

    /// Starts a parser for a request sent at `start` (seconds, any monotonic origin).
    public init(start: Double) { requestStart = start }

    /// Feeds one SSE `data:` payload or one NDJSON line, received at `time`.
    public mutating func feed(_ payload: String, at time: Double) {
        let trimmed = payload.trimmingCharacters(in: .whitespaces)
        if trimmed == "[DONE]" { completed = true; return }
        guard !trimmed.isEmpty, let data = trimmed.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return }
        finished = time
        events += 1
        if let error = object["error"] {
            let message = (error as? [String: Any])?["message"] ?? error
            streamError = "\(message)"
        }
        if object["done"] as? Bool == true || object["stop"] as? Bool == true { completed = true }
        if let choices = object["choices"] as? [[String: Any]], choices.contains(where: { $0["finish_reason"] is String }) { completed = true }
        if hasContent(object) {
            if firstToken == nil { firstToken = time }
            lastToken = time
            tokenTimes.append(time)
            chunks += 1
        }
        if let timings = object["timings"] as? [String: Any] {
            server = (int(timings["prompt_n"]).map { $0 + (int(timings["cache_n"]) ?? 0) }, int(timings["cache_n"]),
                      int(timings["predicted_n"]), double(timings["prompt_per_second"]), double(timings["predicted_per_second"]),
                      "llama.cpp timings")
        }
        if let done = object["done"] as? Bool, done, let evalCount = int(object["eval_count"]) {
            let promptCount = int(object["prompt_eval_count"])
            let cached = int(object["prompt_eval_cached_count"])
            let promptDuration = double(object["prompt_eval_duration"]), evalDuration = double(object["eval_duration"])
            let prefill = promptCount.flatMap { count in promptDuration.map { Double(count - (cached ?? 0)) / $0 * 1e9 } }
            let decode = evalDuration.map { Double(evalCount) / $0 * 1e9 }
            server = (promptCount, cached, evalCount, prefill, decode, "ollama eval counts")
        }
        if let use = object["usage"] as? [String: Any] {
            let details = use["prompt_tokens_details"] as? [String: Any]
            usage = (int(use["prompt_tokens"]), int(details?["cached_tokens"]), int(use["completion_tokens"]))
        }
        if let metrics = object["metrics"] as? [String: Any], let perSecond = double(metrics["tokens_per_second"]) {
            let ttft = double(metrics["time_to_first_token_ms"]).map { $0 / 1000 }
            let prompt = usage?.prompt
            let prefill = ttft.flatMap { t in prompt.map { Double($0 - (usage?.cached ?? 0)) / t } }
            server = (prompt, usage?.cached, usage?.completion, prefill, perSecond, "vLLM metrics")
        }
        if let stats = object["stats"] as? [String: Any], let perSecond = double(stats["tokens_per_second"]) {
            let ttft = double(stats["time_to_first_token"])
            let prompt = usage?.prompt ?? int((object["usage"] as? [String: Any])?["prompt_tokens"])
            let prefill = ttft.flatMap { t in prompt.map { Double($0) / t } }
            server = (prompt, nil, usage?.completion, prefill, perSecond, "LM Studio stats")
        }
    }

    /// Whether a token has arrived yet.
    public var hasToken: Bool { firstToken != nil }

    /// Why the reply does not count as a completed request, or nil when it does: an error event,
    /// no JSON events at all (an HTML page, plain text, an empty body), no tokens, or no sign
    /// from the server that the reply was complete (the stream was cut).
    public var failure: String? { failure(tokensRequired: true) }

    /// As `failure`; without `tokensRequired`, a complete reply whose only generated token the
    /// server held back (a partial character) is fine: what a pre-fill test asks for.
    public func failure(tokensRequired: Bool) -> String? {
        if let streamError { return "the server reported an error inside the stream: \(streamError)" }
        if events == 0 { return "the reply is not a token stream" }
        if chunks == 0 && tokensRequired { return "the reply carried no tokens" }
        if !completed { return "the stream ended before the server finished the reply (cut mid-request)" }
        return nil
    }

    /// The figures so far (call after the stream ended).
    public func figures() -> InferenceFigures {
        let prompt = server?.prompt ?? usage?.prompt
        let cached = server?.cached ?? usage?.cached
        let generated = server?.generated ?? usage?.completion ?? (chunks > 0 ? chunks : nil)
        let ttft = firstToken.map { $0 - requestStart }
        var clientDecode: Double?
        if let generated, generated > 1, let first = firstToken, let last = lastToken, last > first {
            clientDecode = Double(generated - 1) / (last - first)
        }
        // The first token comes out of the pre-fill pass (llama.cpp, vLLM): no decode step to
        // take out of the time to first token.
        var clientPrefill: Double?
        if let prompt, let ttft, ttft > 0 {
            clientPrefill = Double(prompt - (cached ?? 0)) / ttft
        }
        let prefill = server?.prefill ?? clientPrefill, decode = server?.decode ?? clientDecode
        return InferenceFigures(
            promptTokens: prompt, cachedTokens: cached, generatedTokens: generated,
            prefillPerSecond: prefill, decodePerSecond: decode, source: server?.source ?? "client",
            prefillSource: prefill == nil ? nil : server?.prefill != nil ? server?.source : "client",
            decodeSource: decode == nil ? nil : server?.decode != nil ? server?.source : "client", timeToFirstToken: ttft,
            clientPrefillPerSecond: clientPrefill, clientDecodePerSecond: clientDecode,
            duration: finished.map { $0 - requestStart })
    }

    private func hasContent(_ object: [String: Any]) -> Bool {
        if let content = object["content"] as? String, !content.isEmpty { return true }                    // llama.cpp /completion
        if let tokens = object["tokens"] as? [Any], !tokens.isEmpty { return true }                          // its token ids (text may be held back)
        if let response = object["response"] as? String, !response.isEmpty { return true }                  // ollama /api/generate
        if let message = object["message"] as? [String: Any], let content = message["content"] as? String, !content.isEmpty { return true } // ollama /api/chat
        if let choices = object["choices"] as? [[String: Any]], let first = choices.first {
            if let delta = first["delta"] as? [String: Any] {
                for key in ["content", "reasoning_content", "reasoning"] {
                    if let text = delta[key] as? String, !text.isEmpty { return true }
                }
            }
            if let text = first["text"] as? String, !text.isEmpty { return true }
        }
        return false
    }

    private func int(_ value: Any?) -> Int? {
        if let value = value as? Int { return value }
        if let value = value as? Double { return Int(value) }
        if let value = value as? NSNumber { return value.intValue }
        return nil
    }

    private func double(_ value: Any?) -> Double? {
        if let value = value as? Double { return value }
        if let value = value as? Int { return Double(value) }
        if let value = value as? NSNumber { return value.doubleValue }
        return nil
    }
}
