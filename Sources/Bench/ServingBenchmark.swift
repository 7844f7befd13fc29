import Foundation
import Synchronization

/// A serving run: the suite's prompts (each behind a prefix of its own) sent level after level,
/// either with a fixed number of requests in flight (vLLM's `benchmark_serving
/// --max-concurrency`) or arriving at a rate (its `--request-rate`: Poisson arrivals from a
/// seeded generator); every request recorded beside the sampler, every level summed up as a
/// `ServingLevel`.
public struct ServingBenchmark: Sendable {
    /// Where the requests go.
    public let target: BenchTarget

    /// Creates a benchmark.
    public init(target: BenchTarget) { self.target = target }

    /// Runs each level in turn with `requests` requests (cycling through `prompts`; nil: the
    /// level's default), rate levels sending on `clock` (the session's when nil) at arrivals drawn
    /// from `seed`, and returns the levels that ran (the one interrupted included, with the
    /// requests it finished).
    public func run(levels: [ServingLoad], requests: Int?, seed: UInt64 = 0, prompts: [BenchSuite.Request], warmup: Bool, session: RunSession,
                    clock: (any ServingClock)? = nil, interruption: BenchInterruption,
                    progress: @escaping @Sendable (String) -> Void) async -> [ServingLevel] {
        guard !prompts.isEmpty else { return [] }
        let clock = clock ?? SessionClock(session)
        if warmup {
            progress("warm-up request")
            await target.warmUp(from: prompts[0], interruption: interruption)
        }
        var results: [ServingLevel] = []
        var sent = 0
        for load in levels {
            if interruption.hasFired { break }
            let count = requests ?? load.defaultRequests
            let done = Mutex<[(record: RequestRecord, tokenTimes: [Double])]>([])
            let send: @Sendable (Int) async -> Bool = { [self, sent] index in
                guard !interruption.hasFired else { return false }
                let request = target.hygiene.measured(prompts[index % prompts.count], index: sent + index + 1)
                guard let measured = try? await measure(request, load: load, session: session, interruption: interruption) else { return false }
                done.withLock { $0.append(measured) }
                let ttft = measured.record.figures.timeToFirstToken.map { String(format: "TTFT %.0f ms", $0 * 1000) } ?? "no token"
                progress("\(load) #\(index + 1) \(request.task): " + (measured.record.error.map { "FAILED: \($0)" } ?? ttft))
                return true
            }
            let start = clock.now
            switch load {
            case .concurrency(let level):
                await ServingDispatch.closedLoop(workers: level, count: count, send: send)
            case .rate(let rate):
                await ServingDispatch.openLoop(schedule: ArrivalSchedule(count: count, rate: rate, seed: seed), start: start, clock: clock,
                                               interruption: interruption, send: send)
            }
            let end = clock.now
            sent += count
            let finished = done.withLock { $0 }
            if finished.isEmpty && interruption.hasFired { break }
            results.append(ServingLevel(load: load, start: start, end: end, requests: finished, samples: await session.recorder.samples(from: start, to: end)))
        }
        return results
    }

    /// One request of a level, measured beside the sampler; throws when it was given up.
    private func measure(_ request: BenchSuite.Request, load: ServingLoad, session: RunSession,
                         interruption: BenchInterruption) async throws -> (record: RequestRecord, tokenTimes: [Double]) {
        var template = target.template(request, mode: "serving")
        switch load {
        case .concurrency(let level): template.concurrency = level
        case .rate(let rate): template.requestRate = rate
        }
        return try await session.measure(template, interruption: interruption, target.stream(request))
    }
}
