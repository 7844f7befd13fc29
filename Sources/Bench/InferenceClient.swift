import Foundation
import Hardware

/// The APIs `bench` speaks.
public enum InferenceAPI: String, Sendable, CaseIterable {
    /// llama.cpp's server: OpenAI chat with its `timings`, no prompt cache.
    case llamacpp
    /// OpenAI-compatible (vLLM, lmdeploy, LM Studio, llama.cpp): streaming with usage.
    case openai
    /// ollama's `/api/chat`.
    case ollama

    /// The path requests go to.
    public var path: String { self == .ollama ? "/api/chat" : "/v1/chat/completions" }

    /// The JSON body for `request`.
    public func body(model: String, request: BenchSuite.Request, imageBase64: String?) throws -> Data {
        var object: [String: Any]
        switch self {
        case .ollama:
            var message: [String: Any] = ["role": "user", "content": request.prompt]
            if let imageBase64 { message["images"] = [imageBase64] }
            object = ["model": model, "messages": [message], "stream": true,
                      "options": ["num_predict": request.maxTokens, "num_ctx": request.context]]
        case .llamacpp, .openai:
            var content: Any = request.prompt
            if let imageBase64 {
                content = [["type": "text", "text": request.prompt],
                           ["type": "image_url", "image_url": ["url": "data:image/png;base64," + imageBase64]]]
            }
            object = ["model": model, "messages": [["role": "user", "content": content]], "max_tokens": request.maxTokens,
                      "stream": true, "stream_options": ["include_usage": true]]
            if self == .llamacpp {
                object["cache_prompt"] = false   // prefill must really be measured
                object["ignore_eos"] = true      // and the generation length be what was asked
            }
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// Sends one request and parses its stream.
    public func send(endpoint: URL, model: String, request: BenchSuite.Request, timeouts: RequestTimeouts = RequestTimeouts()) throws -> InferenceFigures {
        try stream(endpoint: endpoint, model: model, request: request, timeouts: timeouts).figures
    }

    /// Sends one request and parses its stream, keeping the time each token arrived.
    public func stream(endpoint: URL, model: String, request: BenchSuite.Request, timeouts: RequestTimeouts = RequestTimeouts()) throws -> StreamReply {
        let image = try request.imagePath.map { path -> String in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw HTTPStream.Failure(description: "cannot read image \(path); `mi50fan bench --write-images` draws the suite's images")
            }
            return data.base64EncodedString()
        }
        let body = try self.body(model: model, request: request, imageBase64: image)
        return try StreamReply.post(endpoint.appendingPathComponent(String(path.dropFirst())), body: body, timeouts: timeouts)
    }
}
