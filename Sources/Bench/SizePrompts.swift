import Foundation
import JSONText

/// Prompts of exact token counts for size tests, from the server's own tokenizer (llama.cpp's
/// `/tokenize`): a text that starts with a prefix of its own (so no two prompts share a cached
/// head past the first few tokens) is tokenized, with the BOS token the model adds, and cut to
/// the count asked. The token ids go to `/completion` as they are, so the server pre-fills
/// exactly that many.
public struct SizePrompts: Sendable {
    /// The server.
    public let endpoint: URL
    /// Seconds each `/tokenize` call may take, and to connect for it.
    public let seconds: Double, connect: Double

    /// Prompts from the server at `endpoint`.
    public init(endpoint: URL, seconds: Double, connect: Double = 10) {
        self.endpoint = endpoint
        self.seconds = seconds
        self.connect = connect
    }

    /// Words the filler is made of: common English, a few tokens each in most vocabularies.
    static let filler = "The card ran warm under a long prompt while the fan held its curve and the server wrote every token it was asked for. "

    /// `count` tokens that start with `prefix` (at least the prefix's own tokens when `count` is
    /// smaller, which only a size below a dozen tokens asks for).
    public func tokens(prefix: String, count: Int) throws -> [Int] {
        var repeats = max(1, count / 16)
        while true {
            let text = prefix + " " + String(repeating: Self.filler, count: repeats)
            let tokens = try tokenize(text)
            if tokens.count >= count { return Array(tokens.prefix(max(count, 1))) }
            repeats = max(repeats * 2, repeats + (count - tokens.count))
        }
    }

    /// The server's tokens for `text`, with the special tokens the model adds (BOS).
    public func tokenize(_ text: String) throws -> [Int] {
        let body = Data(JSONWriter.write(["content": .string(text), "add_special": true], compact: true).utf8)
        let (status, reply) = try HTTPStream.fetch(endpoint.appendingPathComponent("tokenize"), body: body, seconds: seconds, connect: connect)
        guard (200..<300).contains(status), let list = (try? JSONValue.parse(reply))?["tokens"]?.arrayValue else {
            throw HTTPStream.Failure(description: "\(endpoint)/tokenize answered HTTP \(status) without tokens (\(reply.prefix(120))): "
                                     + "size tests need llama.cpp's /tokenize for exact prompt sizes (`--api llamacpp`)")
        }
        let tokens = list.compactMap(\.intValue)
        guard tokens.count == list.count else {
            throw HTTPStream.Failure(description: "\(endpoint)/tokenize answered with tokens that are not all numbers (\(reply.prefix(120)))")
        }
        return tokens
    }

    /// The `/completion` body that pre-fills `prompt` and generates `generate` tokens, streamed,
    /// reusing the server's cached prefix only when `reuseCache` (a primed context depth).
    public static func completionBody(prompt: [Int], generate: Int, reuseCache: Bool) -> Data {
        let body: JSONValue = ["cache_prompt": .bool(reuseCache), "ignore_eos": true, "n_predict": JSONValue(generate),
                               "prompt": JSONValue(prompt), "stream": true, "temperature": 0]
        return Data(JSONWriter.write(body, compact: true).utf8)
    }
}
