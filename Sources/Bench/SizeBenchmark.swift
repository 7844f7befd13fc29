import Foundation

/// llama-bench's tests through a running llama.cpp server: `ppN` pre-fills exactly N prompt
/// tokens (after a context depth primed into the server's cache, so only the N are timed), `tgN`
/// generates exactly N tokens after a prompt of the depth's size; each test `repeats` times with
/// a prompt of its own, the server-reported sizes checked, mean ± standard deviation reported.
public struct SizeBenchmark: Sendable {
    /// The server (llama.cpp: `/tokenize` and `/completion`).
    public let endpoint: URL
    /// Per-request limits.
    public let timeouts: RequestTimeouts
    /// The run's id, for the prompts' unique prefixes.
    public let hygiene: PromptHygiene
    /// The framework and model names the requests are recorded under.
    public let framework: String, model: String

    /// Creates a benchmark.
    public init(endpoint: URL, timeouts: RequestTimeouts, hygiene: PromptHygiene, framework: String, model: String) {
        self.endpoint = endpoint
        self.timeouts = timeouts
        self.hygiene = hygiene
        self.framework = framework
        self.model = model
    }

    /// Runs every test `repeats` times, each request recorded in `session` beside the sampler,
    /// and returns each test's result (the ones that ran, when interrupted). `progress` gets a
    /// line per request.
    public func run(tests: [SizeTest], repeats: Int, warmup: Bool, session: RunSession, interruption: BenchInterruption,
                    progress: (String) -> Void) async -> [SizeResult] {
        var started: [SizeTest] = []
        tests: for test in tests {
            started.append(test)
            if warmup {
                // As llama-bench does: one run of the test's own shape first, not recorded.
                progress("\(test.name): warm-up")
                _ = try? await interruption.run { [self] in try send(test, prefix: "[\(hygiene.runID)-\(slug(test))-warm-up]") }
            }
            for round in 1...repeats {
                if interruption.hasFired { break tests }
                let template = RequestRecord(framework: framework, model: model, task: test.name, language: "", start: 0, end: 0,
                                             figures: InferenceFigures(source: "none"), throttle: [], mode: "size", round: round)
                let prefix = "[\(hygiene.runID)-\(slug(test))-r\(round)]"
                guard let measured = try? await session.measure(template, interruption: interruption, verify: { Self.check($0, test: test) }, { [self] in
                    try send(test, prefix: prefix)
                }).record else { break tests }   // interrupted: the request in flight is not recorded
                let figure = test.kind == .prefill ? measured.figures.prefillPerSecond : measured.figures.decodePerSecond
                progress(String(format: "%@ #%d: %@", test.name, round,
                                measured.error.map { "FAILED: \($0)" } ?? (figure.map { String(format: "%.1f tok/s", $0) } ?? "no figure")))
            }
        }
        let records = await session.recorder.requests
        return started.map { SizeResult(test: $0, repeats: repeats, records: records) }
    }

    /// The test's name without spaces, for prompt prefixes.
    private func slug(_ test: SizeTest) -> String { test.name.replacingOccurrences(of: " @ ", with: "-") }

    /// One run of `test` with a prompt that starts with `prefix`: for `pp` at a depth, the depth's
    /// tokens are primed into the server's cache first and only the rest is pre-filled.
    func send(_ test: SizeTest, prefix: String) throws -> StreamReply {
        let prompts = SizePrompts(endpoint: endpoint, seconds: min(timeouts.total, 60), connect: timeouts.connect)
        let url = endpoint.appendingPathComponent("completion")
        switch test.kind {
        case .prefill:
            let tokens = try prompts.tokens(prefix: prefix, count: test.depth + test.tokens)
            if test.depth > 0 {
                _ = try StreamReply.post(url, body: SizePrompts.completionBody(prompt: Array(tokens.prefix(test.depth)), generate: 1, reuseCache: true), timeouts: timeouts,
                                         tokensRequired: false)
            }
            return try StreamReply.post(url, body: SizePrompts.completionBody(prompt: tokens, generate: 1, reuseCache: test.depth > 0), timeouts: timeouts,
                                        tokensRequired: false)
        case .decode:
            let tokens = test.depth == 0 ? try prompts.tokenize(prefix) : try prompts.tokens(prefix: prefix, count: test.depth)
            return try StreamReply.post(url, body: SizePrompts.completionBody(prompt: tokens, generate: test.tokens, reuseCache: false), timeouts: timeouts)
        }
    }

    /// Why a reply does not measure `test` (the server pre-filled or generated another number of
    /// tokens than asked, or reused a different part of its cache), or nil when it does.
    static func check(_ figures: InferenceFigures, test: SizeTest) -> String? {
        let cached = figures.cachedTokens ?? 0
        switch test.kind {
        case .prefill:
            let expectedCache = test.depth
            guard let total = figures.promptTokens, total - cached == test.tokens, cached == expectedCache else {
                return "the server pre-filled \(figures.promptTokens.map { String($0 - cached) } ?? "an unknown number of") tokens with \(cached) from its cache, "
                    + "not \(test.tokens) after a depth of \(test.depth): not a \(test.name) measurement"
            }
        case .decode:
            guard figures.generatedTokens == test.tokens else {
                return "the server generated \(figures.generatedTokens.map(String.init) ?? "an unknown number of") tokens, not \(test.tokens): not a \(test.name) measurement"
            }
            if test.depth > 0, let total = figures.promptTokens, total != test.depth {
                return "the server's context held \(total) prompt tokens, not \(test.depth): not a \(test.name) measurement"
            }
        }
        return nil
    }
}
