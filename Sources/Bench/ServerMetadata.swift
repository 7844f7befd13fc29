import Foundation
import JSONText

/// What the server says it serves, read before the run: the model names it lists (`/v1/models`,
/// ollama's `/api/tags`) and details (llama.cpp's `/props`: model file, context, slots, build;
/// ollama's `/api/show` and `/api/ps`: format, family, size, quantisation, context, VRAM).
/// Written to run.json; what could not be read is noted, never fatal.
public struct ServerMetadata: Sendable, Codable, Equatable {
    /// The model names the server lists.
    public var models: [String]
    /// Flattened details, like `props.model_path` or `show.details.quantization_level`.
    public var details: [String: String]
    /// What could not be read, and why.
    public var notes: [String]

    /// Creates a value.
    public init(models: [String] = [], details: [String: String] = [:], notes: [String] = []) {
        self.models = models
        self.details = details
        self.notes = notes
    }

    /// Asks the server at `endpoint`, each question within `seconds` (and its connection within
    /// `connect` seconds).
    public static func probe(api: InferenceAPI, endpoint: URL, model: String, seconds: Double = 10, connect: Double = 10) -> ServerMetadata {
        var metadata = ServerMetadata()
        func ask(_ path: String, body: JSONValue? = nil) -> JSONValue? {
            let url = endpoint.appendingPathComponent(path)
            do {
                let data = body.map { Data(JSONWriter.write($0, compact: true).utf8) }
                let (status, text) = try HTTPStream.fetch(url, body: data, seconds: seconds, connect: connect)
                guard (200..<300).contains(status) else { metadata.notes.append("/\(path): HTTP \(status)"); return nil }
                return try JSONValue.parse(text)
            } catch {
                metadata.notes.append("/\(path): \(error)")
                return nil
            }
        }
        if api == .ollama {
            let tags = ask("api/tags")?["models"]?.arrayValue ?? []
            metadata.models = tags.compactMap { $0["name"]?.stringValue }
            if let show = ask("api/show", body: ["model": .string(model)])?.objectMembers {
                metadata.add("show", show.filter { ["details", "model_info", "parameters"].contains($0.0) })
            }
            let running = ask("api/ps")?["models"]?.arrayValue ?? []
            if let loaded = running.first(where: { $0["name"]?.stringValue.map { Self.names($0, model) } ?? false })?.objectMembers {
                metadata.add("ps", loaded.filter { ["size", "size_vram", "context_length"].contains($0.0) })
            }
        } else {
            let entries = ask("v1/models")?["data"]?.arrayValue ?? []
            metadata.models = entries.compactMap { $0["id"]?.stringValue }
            if let meta = entries.first?["meta"]?.objectMembers { metadata.add("model", meta) }
            if let props = ask("props")?.objectMembers { metadata.add("props", props) }
        }
        return metadata
    }

    /// A warning when the server lists models and `model` is not one of them (nil otherwise).
    public func warning(model: String) -> String? {
        guard !models.isEmpty, !models.contains(where: { Self.names($0, model) }) else { return nil }
        return "the server does not list the model `\(model)` (it serves \(models.joined(separator: ", "))): the figures are for what it serves"
    }

    /// Whether a listed name and an asked name mean the same model (ollama adds `:latest`).
    private static func names(_ listed: String, _ asked: String) -> Bool {
        listed == asked || listed == asked + ":latest"
    }

    /// Adds the scalar values of `object`, two levels deep, under `prefix` (long texts, such as
    /// a chat template, left out).
    mutating func add(_ prefix: String, _ members: [(String, JSONValue)], depth: Int = 2) {
        for (key, value) in members {
            let name = prefix + "." + key
            switch value {
            case .object(let nested) where depth > 0: add(name, nested, depth: depth - 1)
            case .string(let text) where text.count <= 200: details[name] = text
            case .number(let number): details[name] = number
            case .bool(let flag): details[name] = flag ? "true" : "false"
            default: continue
            }
        }
    }
}
