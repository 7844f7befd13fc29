@testable import Bench
import Foundation
import Testing

let llmFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/llm")

/// Feeds a recorded stream, one event every `step` seconds from a request sent at 0.
func parse(_ file: String, step: Double = 0.01) throws -> InferenceFigures {
    let text = try String(contentsOf: llmFixtures.appendingPathComponent(file), encoding: .utf8)
    var parser = StreamTimingParser(start: 0)
    var time = 0.1
    for line in text.split(separator: "\n") {
        let payload = line.hasPrefix("data:") ? String(line.dropFirst(5)) : String(line)
        parser.feed(payload, at: time)
        time += step
    }
    #expect(parser.failure == nil, "a complete recorded reply of \(file) counts as a completed request")
    return parser.figures()
}

@Test("llama.cpp chat stream with usage: the server's timings are used and say so")
func llamacppChat() throws {
    let figures = try parse("llamacpp-chat-stream-include-usage.sse")
    #expect(figures.source == "llama.cpp timings")
    #expect(figures.promptTokens == 244)
    #expect(figures.generatedTokens == 64)
    #expect(abs(figures.prefillPerSecond! - 16198.632410542388) < 1e-6)
    #expect(abs(figures.decodePerSecond! - 212.27058771997804) < 1e-6)
    #expect(figures.clientDecodePerSecond != nil, "client-side figures are kept beside the server's")
}

@Test("llama.cpp /completion stream: timings from the final chunk")
func llamacppCompletion() throws {
    let figures = try parse("llamacpp-completion-stream.sse")
    #expect(figures.source == "llama.cpp timings")
    #expect(figures.promptTokens == 200)
    #expect(figures.generatedTokens == 64)
}

@Test("a server without timings or usage: figures from the token stream, marked client")
func clientSide() throws {
    let figures = try parse("python-server-chat-stream-no-timings.sse", step: 0.02)
    #expect(figures.source == "client")
    #expect(figures.prefillPerSecond == nil, "no prompt count: no pre-fill figure rather than a guess")
    #expect(figures.prefillSource == nil && figures.decodeSource == "client")
    // Every line arrives 20 ms after the one before; count the lines that carry text.
    let lines = try String(contentsOf: llmFixtures.appendingPathComponent("python-server-chat-stream-no-timings.sse"), encoding: .utf8)
        .split(separator: "\n")
    let content = lines.indices.filter { lines[$0].contains("\"content\": \"") && !lines[$0].contains("\"content\": \"\"") }
    let generated = try #require(figures.generatedTokens)
    #expect(generated == content.count, "no usage: one token per chunk")
    let span = Double(content.last! - content.first!) * 0.02
    #expect(abs(figures.decodePerSecond! - Double(generated - 1) / span) < 1e-6)
}

@Test("documented formats of other servers", arguments: [
    ("ollama-chat-stream.ndjson", "ollama eval counts", 512 as Int?, 100 as Int?, 500.0 as Double?, 100.0 as Double?),
    ("vllm-chat-stream-metrics.sse", "vLLM metrics", 800, 256, 2000, 50),
    ("lmdeploy-chat-stream-usage.sse", "client", 120, 3, nil, nil),
    ("lmstudio-rest-stream-stats.sse", "LM Studio stats", 300, 2, 1200, 42.5),
])
func otherServers(file: String, source: String, prompt: Int?, generated: Int?, prefill: Double?, decode: Double?) throws {
    let figures = try parse(file)
    #expect(figures.source == source)
    #expect(figures.prefillSource == source && figures.decodeSource == source, "each figure says where it came from")
    #expect(figures.promptTokens == prompt)
    #expect(figures.generatedTokens == generated)
    if let prefill { #expect(abs((figures.prefillPerSecond ?? 0) - prefill) < 1e-6) }
    if let decode { #expect(abs((figures.decodePerSecond ?? 0) - decode) < 1e-6) }
    if source == "client" {
        // lmdeploy: 120 prompt tokens, 20 cached; first content at 0.1 s, 3 tokens 10 ms apart.
        // The first token comes out of the pre-fill pass: 100 uncached tokens in 0.1 s.
        #expect(figures.cachedTokens == 20)
        #expect(abs((figures.clientDecodePerSecond ?? 0) - 100) < 1e-6)
        #expect(abs((figures.clientPrefillPerSecond ?? 0) - 100 / 0.1) < 1e-6)
        #expect(figures.prefillPerSecond == figures.clientPrefillPerSecond)
    }
}

@Test("request bodies per API", arguments: InferenceAPI.allCases)
func bodies(api: InferenceAPI) throws {
    let request = BenchSuite.Request(task: "t", language: "en", prompt: "hi", imagePath: nil, maxTokens: 32, context: 2048)
    let body = try JSONSerialization.jsonObject(with: api.body(model: "m", request: request, imageBase64: "AAAA")) as? [String: Any]
    #expect(body?["stream"] as? Bool == true)
    switch api {
    case .ollama:
        #expect((body?["options"] as? [String: Any])?["num_predict"] as? Int == 32)
        #expect(((body?["messages"] as? [[String: Any]])?.first?["images"] as? [String]) == ["AAAA"])
    case .llamacpp, .openai:
        #expect(body?["max_tokens"] as? Int == 32)
        #expect((body?["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true)
        #expect((body?["cache_prompt"] as? Bool) == (api == .llamacpp ? false : nil))
    }
}

@Test("an error event, a body without JSON events, a reply without tokens and a stream without its end are failures")
func parserFailures() {
    func failure(_ payloads: [String]) -> String? {
        var parser = StreamTimingParser(start: 0)
        for (index, payload) in payloads.enumerated() { parser.feed(payload, at: Double(index)) }
        return parser.failure
    }
    let token = #"{"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}"#
    let end = #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#
    #expect(failure([token, end, "[DONE]"]) == nil)
    #expect(failure([#"{"error":{"message":"out of memory"}}"#])?.contains("out of memory") == true)
    #expect(failure(["<html>"])?.contains("not a token stream") == true)
    #expect(failure([]) != nil)
    #expect(failure([end, "[DONE]"])?.contains("no tokens") == true)
    #expect(failure([token, token])?.contains("cut") == true)
    #expect(failure([#"{"error":"model not loaded"}"#])?.hasSuffix(": model not loaded") == true, "an error given as a bare string")
    #expect(failure([#"{"error":{"code":500}}"#])?.hasSuffix(#": {"code":500}"#) == true, "an error without a message, as its JSON")
    #expect(failure([#"{"error":null,"choices":[{"delta":{"content":"a"},"finish_reason":"stop"}]}"#]) == nil, "a null error is none")
}
