import Foundation
import Synchronization

/// A serving run: the suite's prompts (each behind a prefix of its own) sent with a fixed number
/// of requests in flight, level after level, as vLLM's `benchmark_serving --max-concurrency`
/// does; every request recorded beside the sampler, every level summed up as a `ServingLevel`.
public struct ServingBenchmark: Sendable {
    /// The API, server and model.
    public let api: InferenceAPI, endpoint: URL, model: String
    /// Per-request limits.
    public let timeouts: RequestTimeouts
    /// The run's id, for the prompts' unique prefixes.
    public let hygiene: PromptHygiene
    /// The framework name the requests are recorded under.
    public let framework: String

    /// Creates a benchmark.
    public init(api: InferenceAPI, endpoint: URL, model: String, timeouts: RequestTimeouts, hygiene: PromptHygiene, framework: String) {
        self.api = api
        self.endpoint = endpoint
        self.model = model
        self.timeouts = timeouts
        self.hygiene = hygiene
        self.framework = framework
    }

    /// The requests of each level when `--requests` is not given: four per request in flight.
    public static func defaultRequests(concurrency: Int) -> Int { 4 * concurrency }

    /// Runs each level in turn with `requests` requests (cycling through `prompts`), and
    /// returns the levels that ran (the one interrupted included, with the requests it finished).
    public func run(levels: [Int], requests: Int?, prompts: [BenchSuite.Request], warmup: Bool, session: RunSession,
                    interruption: BenchInterruption, progress: @escaping @Sendable (String) -> Void) async -> [ServingLevel] {
        guard !prompts.isEmpty else { return [] }
        let (api, endpoint, model, timeouts) = (api, endpoint, model, timeouts)
        if warmup {
            progress("warm-up request")
            let request = hygiene.warmup(from: prompts[0])
            _ = try? await interruption.run { try api.send(endpoint: endpoint, model: model, request: request, timeouts: timeouts) }
        }
        var results: [ServingLevel] = []
        var sent = 0
        for level in levels {
            if interruption.hasFired { break }
            let count = requests ?? Self.defaultRequests(concurrency: level)
            let queue = LevelQueue(count: count)
            let start = session.now
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<level {
                    group.addTask { [hygiene, framework, sent] in
                        while true {
                            guard let index = queue.take(), !interruption.hasFired else { return }
                            let request = hygiene.measured(prompts[index % prompts.count], index: sent + index + 1)
                            let template = RequestRecord(framework: framework, model: model, task: request.task, language: request.language, start: 0, end: 0,
                                                         figures: InferenceFigures(source: "none"), throttle: [], mode: "serving", concurrency: level)
                            guard let measured = try? await session.measure(template, interruption: interruption, {
                                try api.stream(endpoint: endpoint, model: model, request: request, timeouts: timeouts)
                            }) else { return }
                            queue.finished(measured)
                            let ttft = measured.record.figures.timeToFirstToken.map { String(format: "TTFT %.0f ms", $0 * 1000) } ?? "no token"
                            progress("concurrency \(level) #\(index + 1) \(request.task): " + (measured.record.error.map { "FAILED: \($0)" } ?? ttft))
                        }
                    }
                }
            }
            let end = session.now
            sent += count
            let finished = queue.done
            if finished.isEmpty && interruption.hasFired { break }
            results.append(ServingLevel(concurrency: level, start: start, end: end, requests: finished,
                                        samples: await session.recorder.samples(from: start, to: end)))
        }
        return results
    }

    /// The requests of one level: the next one to send, and the ones done.
    private final class LevelQueue: Sendable {
        private let state: Mutex<(next: Int, done: [(record: RequestRecord, tokenTimes: [Double])])>
        private let count: Int
        init(count: Int) {
            self.count = count
            state = Mutex((0, []))
        }
        /// The next request's index, or nil when all have been sent.
        func take() -> Int? {
            state.withLock { state -> Int? in
                guard state.next < count else { return nil }
                defer { state.next += 1 }
                return state.next
            }
        }
        func finished(_ request: (record: RequestRecord, tokenTimes: [Double])) { state.withLock { $0.done.append(request) } }
        var done: [(record: RequestRecord, tokenTimes: [Double])] { state.withLock { $0.done } }
    }
}
