import ConfigReading
import FanControl
import Foundation

/// A benchmark suite: tasks with prompts per language, optional images, and lengths.
public struct BenchSuite: Sendable, Decodable {
    /// Settings every task inherits.
    public struct Defaults: Sendable, Decodable {
        public var maxTokens: Int?
        public var context: Int?
        enum CodingKeys: String, CodingKey { case maxTokens = "max_tokens", context }
    }

    /// One task.
    public struct Task: Sendable, Decodable {
        public var id: String
        /// `dense-vision` or `moe` (which model the task is for).
        public var modelClass: String?
        /// An image path relative to the suite file.
        public var image: String?
        public var maxTokens: Int?
        public var context: Int?
        /// The prompt per language (`en`, `zh`).
        public var prompts: [String: String]
        enum CodingKeys: String, CodingKey { case id, modelClass = "model_class", image, maxTokens = "max_tokens", context, prompts }
    }

    public var name: String
    public var defaults: Defaults?
    public var tasks: [Task]

    /// One request to send: a task in one language, with its settings resolved.
    public struct Request: Sendable {
        public var task: String
        public var language: String
        public var prompt: String
        public var imagePath: String?
        public var maxTokens: Int
        public var context: Int
    }

    /// Loads a suite file; every failure is one line naming the file.
    public static func load(path: String) throws -> BenchSuite {
        guard FileManager.default.fileExists(atPath: path) else { throw HTTPStream.Failure(description: "\(path): no such suite file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw HTTPStream.Failure(description: "\(path): cannot read the suite file") }
        let text = String(decoding: data, as: UTF8.self)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw HTTPStream.Failure(description: "\(path): the suite file is empty (it needs a name and tasks)")
        }
        let suite: BenchSuite
        let node: ConfigNode
        switch YAMLDocument.parse(text, file: path, maximumValueBytes: YAMLLimits.maximumFileBytes) {  // prompts are long
        case .success(let parsed): node = parsed
        case .failure(let problems):
            let first = problems.problems.first.map { "\($0.location.line):\($0.location.column): \($0.message)" } ?? "unreadable YAML"
            throw HTTPStream.Failure(description: "\(path): not a benchmark suite: \(first)")
        }
        do { suite = try ConfigNodeDecoder().decode(BenchSuite.self, from: node) } catch {
            throw HTTPStream.Failure(description: "\(path): not a benchmark suite: \(SuiteDecodingProblem.describe(error))")
        }
        guard !suite.tasks.isEmpty else { throw HTTPStream.Failure(description: "\(path): the suite has no tasks") }
        return suite
    }

    /// The requests, filtered by model class and languages, with lengths overridden when asked.
    public func requests(suitePath: String, modelClass: String?, languages: [String], maxTokens: Int?) -> [Request] {
        let directory = (suitePath as NSString).deletingLastPathComponent
        return tasks.filter { modelClass == nil || $0.modelClass == modelClass }.flatMap { task in
            task.prompts.keys.sorted().filter { languages.isEmpty || languages.contains($0) }.map { language in
                Request(task: task.id, language: language, prompt: task.prompts[language]!,
                        imagePath: task.image.map { $0.hasPrefix("/") ? $0 : directory + "/" + $0 },
                        maxTokens: maxTokens ?? task.maxTokens ?? defaults?.maxTokens ?? 512,
                        context: task.context ?? defaults?.context ?? 8192)
            }
        }
    }
}
