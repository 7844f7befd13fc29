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
