import Foundation

/// A whole `bench` run once its options are parsed: asks the server what it serves, runs the
/// suite, the size tests or the serving levels beside the sampler, and writes the run directory,
/// what was measured included when interrupted.
public struct BenchRun: Sendable {
    /// Where the requests go.
    public var target: BenchTarget
    /// What the run does.
    public var mode: BenchMode
    /// The suite's requests (none for size tests).
    public var prompts: [BenchSuite.Request]
    /// Whether to send a warm-up request (per size test) first.
    public var warmup: Bool
    /// Settings for run.json beyond the ones the run knows (the endpoint as given, the suite file,
    /// the generation length).
    public var settings: [String: String]
    /// The clock rate levels send on (nil: the session's).
    public var clock: (any ServingClock)?

    /// A line for the console: progress, or a warning.
    public enum Message: Sendable, Equatable {
        case progress(String)
        case warning(String)
    }

    /// What a finished (or interrupted) run wrote and how it ended.
    public struct Outcome: Sendable {
        /// What was written to the run directory.
        public var report: RunReport
        /// Whether Ctrl-C stopped the run.
        public var interrupted: Bool
        /// The requests the run meant to measure.
        public var planned: Int
        /// The requests that failed.
        public var failures: Int { report.requests.filter { $0.error != nil }.count }
        /// `bench`'s exit status: 130 interrupted, 3 some request failed, else 0.
        public var exitStatus: Int32 { interrupted ? 130 : failures > 0 ? 3 : 0 }
    }

    /// Creates a run.
    public init(target: BenchTarget, mode: BenchMode, prompts: [BenchSuite.Request], warmup: Bool, settings: [String: String] = [:],
                clock: (any ServingClock)? = nil) {
        self.target = target
        self.mode = mode
        self.prompts = prompts
        self.warmup = warmup
        self.settings = settings
        self.clock = clock
    }

    /// Starts `session`'s sampler, runs the mode and writes `directory`; `say` gets the lines to
    /// print as it goes. Throws only when the directory cannot be written.
    public func run(session: RunSession, interruption: BenchInterruption, directory: String,
                    say: @escaping @Sendable (Message) -> Void) async throws -> Outcome {
        session.startSampling()
        let target = target
        let server = try? await interruption.run {
            ServerMetadata.probe(api: target.api, endpoint: target.endpoint, model: target.model, seconds: min(10, target.timeouts.total),
                                 connect: target.timeouts.connect)
        }
        if let server {
            say(.progress("server lists: \(server.models.isEmpty ? "no models" : server.models.joined(separator: ", "))"))
            if let warning = server.warning(model: target.model) { say(.warning(warning)) }
        }
        let progress: @Sendable (String) -> Void = { say(.progress($0)) }
        var sizeResults: [SizeResult]?, servingLevels: [ServingLevel]?
        switch mode {
        case .sizes(let tests, let repeats):
            let benchmark = SizeBenchmark(endpoint: target.endpoint, timeouts: target.timeouts, hygiene: target.hygiene, framework: target.framework,
                                          model: target.model)
            sizeResults = await benchmark.run(tests: tests, repeats: repeats, warmup: warmup, session: session, interruption: interruption, progress: progress)
        case .serving(let levels, let requests, let seed):
            servingLevels = await ServingBenchmark(target: target).run(levels: levels, requests: requests, seed: seed, prompts: prompts, warmup: warmup,
                                                                       session: session, clock: clock, interruption: interruption, progress: progress)
            for level in servingLevels ?? [] { progress(BenchLines.serving(level)) }
        case .suite:
            await SuiteBenchmark(target: target).run(prompts, warmup: warmup, session: session, interruption: interruption, progress: progress)
        }
        let known = ["api": target.api.rawValue, "model": target.model, "framework": target.framework, "run_id": target.hygiene.runID]
        let report = try await session.finish(kind: "bench", label: target.framework, settings: settings.merging(known) { $1 }.merging(mode.settings) { $1 },
                                              exitStatus: nil, interrupted: interruption.hasFired ? true : nil, server: server,
                                              sizes: sizeResults, serving: servingLevels, to: directory)
        for result in sizeResults ?? [] { progress(BenchLines.size(result)) }
        return Outcome(report: report, interrupted: interruption.hasFired, planned: mode.plannedRequests(suite: prompts.count))
    }
}
