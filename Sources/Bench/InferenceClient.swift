import Foundation
import Hardware
import JSONText

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
    public func body(model: String, request: BenchSuite.Request, imageBase64: String?) -> Data {
        let prompt = JSONValue.string(request.prompt)
        let object: JSONValue
        switch self {
        case .ollama:
            var message: [(String, JSONValue)] = [("role", "user"), ("content", prompt)]
            if let imageBase64 { message.append(("images", [.string(imageBase64)])) }
            object = ["model": .string(model), "messages": [.object(message)], "stream": true,
                      "options": ["num_predict": JSONValue(request.maxTokens), "num_ctx": JSONValue(request.context)]]
        case .llamacpp, .openai:
            var content = prompt
            if let imageBase64 {
                content = [["type": "text", "text": prompt],
                           ["type": "image_url", "image_url": ["url": .string("data:image/png;base64," + imageBase64)]]]
            }
            var members: [(String, JSONValue)] = [("model", .string(model)), ("messages", [["role": "user", "content": content]]),
                                                  ("max_tokens", JSONValue(request.maxTokens)), ("stream", true),
                                                  ("stream_options", ["include_usage": true])]
            if self == .llamacpp {
                members.append(("cache_prompt", false))   // prefill must really be measured
                members.append(("ignore_eos", true))      // and the generation length be what was asked
            }
            object = .object(members)
        }
        return Data(JSONWriter.write(object, compact: true).utf8)
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
        let body = self.body(model: model, request: request, imageBase64: image)
        return try StreamReply.post(endpoint.appendingPathComponent(String(path.dropFirst())), body: body, timeouts: timeouts)
    }
}
