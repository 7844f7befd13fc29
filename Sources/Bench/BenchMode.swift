/// What a `bench` run does: the suite one request at a time, llama-bench-style size tests, or
/// serving levels.
public enum BenchMode: Sendable, Equatable {
    /// The suite's tasks, one request at a time.
    case suite
    /// Size tests, each repeated.
    case sizes([SizeTest], repeats: Int)
    /// The suite's prompts at each serving level (a concurrency or a request rate), `requests` per
    /// level (nil: the level's default), rate levels' arrivals drawn from `seed`.
    case serving([ServingLoad], requests: Int?, seed: UInt64)

    /// Why the options do not make a run.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// The mode the options ask for, or one line saying what is wrong with them.
    public init(sizes: String?, depth: String, repeats: Int, concurrency: String?, requestRate: String? = nil, requests: Int?, seed: UInt64 = 0,
                api: InferenceAPI, suite: String?) throws(Problem) {
        let asked = [("--sizes", sizes), ("--concurrency", concurrency), ("--request-rate", requestRate)].filter { $0.1 != nil }.map(\.0)
        if asked.count > 1 { throw Problem(description: "\(asked.joined(separator: " and ")) are separate runs: give one of them") }
        if let sizes {
            guard api == .llamacpp else {
                throw Problem(description: "--sizes needs --api llamacpp: exact prompt sizes come from llama.cpp's /tokenize and /completion")
            }
            guard (1...1000).contains(repeats) else { throw Problem(description: "--repeat must be 1 to 1000, not \(repeats)") }
            do { self = .sizes(try SizeTest.parse(sizes: sizes, depths: depth), repeats: repeats) } catch { throw Problem(description: error.description) }
            return
        }
        guard suite != nil else { throw Problem(description: "--suite is needed (or --sizes)") }
        var levels: [ServingLoad] = []
        if let concurrency {
            for text in concurrency.split(separator: ",", omittingEmptySubsequences: false) {
                guard let level = Int(text), (1...256).contains(level) else {
                    throw Problem(description: "--concurrency \(concurrency): expected requests in flight, 1 to 256 each, like 1,2,4")
                }
                levels.append(.concurrency(level))
            }
        }
        if let requestRate {
            for text in requestRate.split(separator: ",", omittingEmptySubsequences: false) {
                guard let rate = RequestRate(text) else {
                    throw Problem(description: "--request-rate \(requestRate): expected requests per second above 0 (or inf, all at once), like 0.5,2,inf")
                }
                levels.append(.rate(rate))
            }
        }
        if levels.isEmpty {
            if requests != nil { throw Problem(description: "--requests sets the requests of a serving level: give --concurrency or --request-rate with it") }
            self = .suite
            return
        }
        if let requests, !(1...100_000).contains(requests) { throw Problem(description: "--requests must be 1 to 100000, not \(requests)") }
        self = .serving(levels, requests: requests, seed: seed)
    }

    /// Whether the run sends the suite's prompts.
    public var needsSuite: Bool { if case .sizes = self { false } else { true } }

    /// How many requests the run means to measure, given the suite's (warm-ups not counted).
    public func plannedRequests(suite: Int) -> Int {
        switch self {
        case .suite: suite
        case .sizes(let tests, let repeats): tests.count * repeats
        case .serving(let levels, let requests, _): levels.map { requests ?? $0.defaultRequests }.reduce(0, +)
        }
    }

    /// The mode's settings for run.json.
    public var settings: [String: String] {
        switch self {
        case .suite: ["mode": "suite"]
        case .sizes(let tests, let repeats): ["mode": "sizes", "sizes": tests.map(\.name).joined(separator: ","), "repeat": String(repeats)]
        case .serving(let levels, let requests, let seed):
            ["mode": "serving", "requests": requests.map(String.init) ?? "default per level"].merging(Self.levelSettings(levels, seed: seed)) { $1 }
        }
    }

    /// The levels as the options gave them: `concurrency` or `request_rate` (and the seed).
    private static func levelSettings(_ levels: [ServingLoad], seed: UInt64) -> [String: String] {
        let concurrency = levels.compactMap { if case .concurrency(let level) = $0 { String(level) } else { nil } }
        let rates = levels.compactMap { if case .rate(let rate) = $0 { rate.description } else { nil } }
        var settings: [String: String] = [:]
        if !concurrency.isEmpty { settings["concurrency"] = concurrency.joined(separator: ",") }
        if !rates.isEmpty {
            settings["request_rate"] = rates.joined(separator: ",")
            settings["seed"] = String(seed)
        }
        return settings
    }
}
