/// What a `bench` run does: the suite one request at a time, llama-bench-style size tests, or
/// serving levels.
public enum BenchMode: Sendable, Equatable {
    /// The suite's tasks, one request at a time.
    case suite
    /// Size tests, each repeated.
    case sizes([SizeTest], repeats: Int)
    /// The suite's prompts at each concurrency level, `requests` per level (nil: the default).
    case serving([Int], requests: Int?)

    /// Why the options do not make a run.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// The mode the options ask for, or one line saying what is wrong with them.
    public init(sizes: String?, depth: String, repeats: Int, concurrency: String?, requests: Int?, api: InferenceAPI, suite: String?) throws(Problem) {
        if sizes != nil && concurrency != nil { throw Problem(description: "--sizes and --concurrency are separate runs: give one of them") }
        if let sizes {
            guard api == .llamacpp else {
                throw Problem(description: "--sizes needs --api llamacpp: exact prompt sizes come from llama.cpp's /tokenize and /completion")
            }
            guard (1...1000).contains(repeats) else { throw Problem(description: "--repeat must be 1 to 1000, not \(repeats)") }
            do { self = .sizes(try SizeTest.parse(sizes: sizes, depths: depth), repeats: repeats) } catch { throw Problem(description: error.description) }
            return
        }
        guard suite != nil else { throw Problem(description: "--suite is needed (or --sizes)") }
        if let concurrency {
            var levels: [Int] = []
            for text in concurrency.split(separator: ",", omittingEmptySubsequences: false) {
                guard let level = Int(text), (1...256).contains(level) else {
                    throw Problem(description: "--concurrency \(concurrency): expected requests in flight, 1 to 256 each, like 1,2,4")
                }
                levels.append(level)
            }
            if let requests, !(1...100_000).contains(requests) { throw Problem(description: "--requests must be 1 to 100000, not \(requests)") }
            self = .serving(levels, requests: requests)
            return
        }
        self = .suite
    }

    /// Whether the run sends the suite's prompts.
    public var needsSuite: Bool { if case .sizes = self { false } else { true } }

    /// How many requests the run means to measure, given the suite's (warm-ups not counted).
    public func plannedRequests(suite: Int) -> Int {
        switch self {
        case .suite: suite
        case .sizes(let tests, let repeats): tests.count * repeats
        case .serving(let levels, let requests): levels.map { requests ?? ServingBenchmark.defaultRequests(concurrency: $0) }.reduce(0, +)
        }
    }

    /// The mode's settings for run.json.
    public var settings: [String: String] {
        switch self {
        case .suite: ["mode": "suite"]
        case .sizes(let tests, let repeats): ["mode": "sizes", "sizes": tests.map(\.name).joined(separator: ","), "repeat": String(repeats)]
        case .serving(let levels, let requests):
            ["mode": "serving", "concurrency": levels.map(String.init).joined(separator: ","), "requests": requests.map(String.init) ?? "4 per level"]
        }
    }
}
