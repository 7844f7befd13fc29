import Foundation
import JSONText

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
        guard !trimmed.isEmpty, let object = try? JSONValue.parse(trimmed), object.objectMembers != nil else { return }
        finished = time
        events += 1
        if let error = object["error"], error != .null {
            let message = error["message"] ?? error
            streamError = message.stringValue ?? JSONWriter.write(message, compact: true)
        }
        if object["done"]?.boolValue == true || object["stop"]?.boolValue == true { completed = true }
        if let choices = object["choices"]?.arrayValue, choices.contains(where: { $0["finish_reason"]?.stringValue != nil }) { completed = true }
        if hasContent(object) {
            if firstToken == nil { firstToken = time }
            lastToken = time
            tokenTimes.append(time)
            chunks += 1
        }
        if let timings = object["timings"], timings.objectMembers != nil {
            server = (timings["prompt_n"]?.intValue.map { $0 + (timings["cache_n"]?.intValue ?? 0) }, timings["cache_n"]?.intValue,
                      timings["predicted_n"]?.intValue, timings["prompt_per_second"]?.doubleValue,
                      timings["predicted_per_second"]?.doubleValue, "llama.cpp timings")
        }
        if object["done"]?.boolValue == true, let evalCount = object["eval_count"]?.intValue {
            let promptCount = object["prompt_eval_count"]?.intValue
            let cached = object["prompt_eval_cached_count"]?.intValue
            let promptDuration = object["prompt_eval_duration"]?.doubleValue, evalDuration = object["eval_duration"]?.doubleValue
            let prefill = promptCount.flatMap { count in promptDuration.map { Double(count - (cached ?? 0)) / $0 * 1e9 } }
            let decode = evalDuration.map { Double(evalCount) / $0 * 1e9 }
            server = (promptCount, cached, evalCount, prefill, decode, "ollama eval counts")
        }
        if let use = object["usage"], use.objectMembers != nil {
            let details = use["prompt_tokens_details"]
            usage = (use["prompt_tokens"]?.intValue, details?["cached_tokens"]?.intValue, use["completion_tokens"]?.intValue)
        }
        if let perSecond = object["metrics"]?["tokens_per_second"]?.doubleValue {
            let ttft = object["metrics"]?["time_to_first_token_ms"]?.doubleValue.map { $0 / 1000 }
            let prompt = usage?.prompt
            let prefill = ttft.flatMap { t in prompt.map { Double($0 - (usage?.cached ?? 0)) / t } }
            server = (prompt, usage?.cached, usage?.completion, prefill, perSecond, "vLLM metrics")
        }
        if let perSecond = object["stats"]?["tokens_per_second"]?.doubleValue {
            let ttft = object["stats"]?["time_to_first_token"]?.doubleValue
            let prompt = usage?.prompt ?? object["usage"]?["prompt_tokens"]?.intValue
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

    private func hasContent(_ object: JSONValue) -> Bool {
        func text(_ value: JSONValue?) -> Bool { value?.stringValue.map { !$0.isEmpty } ?? false }
        if text(object["content"]) { return true }                                        // llama.cpp /completion
        if let tokens = object["tokens"]?.arrayValue, !tokens.isEmpty { return true }     // its token ids (text may be held back)
        if text(object["response"]) { return true }                                       // ollama /api/generate
        if text(object["message"]?["content"]) { return true }                            // ollama /api/chat
        if let first = object["choices"]?.arrayValue?.first {
            if let delta = first["delta"], ["content", "reasoning_content", "reasoning"].contains(where: { text(delta[$0]) }) { return true }
            if text(first["text"]) { return true }
        }
        return false
    }
}
