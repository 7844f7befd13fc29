import ArgumentParser
import Bench
import FanControl
import Foundation
import UnixSignals

/// `mi50fan bench`: drive an inference server with a suite and record speed, VRAM and heat.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Drive an inference server with a suite of prompts, llama-bench-style sizes or serving levels; record speed, latency, VRAM and the thermal state.",
        discussion: """
            Uses the server's own timings where it gives them (llama.cpp `timings`, ollama eval counts, vLLM \
            metrics, LM Studio stats) and says so; otherwise derives the figures from the token stream \
            (marked `client`), and records each figure's source. Suite tasks go one at a time, after a warm-up \
            request that no measured prompt starts like; every measured prompt has a unique prefix, and \
            cache hits are flagged and left out of the figures. A request that did not complete (cut, \
            no tokens, an error event, a timeout) is a failure, listed and left out. Writes a run \
            directory with samples.csv, requests.csv, run.json, summary.md (the write-up's table) and \
            report.html. --sizes pp512,tg128 --repeat 5 --depth 0 runs llama-bench's tests through a llama.cpp \
            server instead (exact sizes, mean ± sd); --concurrency 1,2,4 runs the suite at each concurrency level, \
            --request-rate 1,4,inf at each request rate (Poisson arrivals, --seed) (throughput, TTFT/TPOT/ITL p50/p90/p99, \
            thermals per level). Exit status: 0 all requests completed, 3 some failed, 130 Ctrl-C (what was \
            measured is written), 64 a bad argument, 1 any other error.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The server, like http://127.0.0.1:8080.") var endpoint: String?
    @Option(help: "openai, ollama or llamacpp.") var api: String = "openai"
    @Option(help: "The model name the server knows.") var model: String = "default"
    @Option(help: "The suite file.") var suite: String?
    @Option(help: "The framework's name in the tables (default: the API).") var framework: String?
    @Option(help: "Only tasks for this model class: dense-vision or moe.") var modelClass: String?
    @Option(help: "Languages to run (repeatable): en, zh.") var language: [String] = []
    @Option(help: "Override every task's generation length (short runs).") var maxTokens: Int?
    @Option(help: "Samples per second.") var rate: Double = 10
    @Option(name: .shortAndLong, help: ArgumentHelp("The run directory (default: mi50fan-bench-DATE; NAME-2... when it exists).", valueName: "dir"))
    var output: String?
    /// The option's earlier name, still accepted.
    @Option(name: .customLong("out"), help: .hidden) var legacyOutput: String?
    /// The run directory asked for, by either name.
    private var out: String? { output ?? legacyOutput }
    @Flag(help: "Skip the warm-up request.") var noWarmup = false
    @Option(help: "Seconds to connect to the server.") var connectTimeout: Double = RequestTimeouts().connect
    @Option(help: "Seconds from sending a request to its first token; a request over it fails.") var firstTokenTimeout: Double = RequestTimeouts().firstToken
    @Option(help: "Seconds one request may take in all; a request over it fails.") var timeout: Double = RequestTimeouts().total
    @Option(help: "Draw the suite's images into this directory and exit.") var writeImages: String?
    @Option(help: ArgumentHelp("llama-bench-style tests instead of the suite: ppN pre-fills exactly N prompt tokens, tgN generates N (like pp512,pp2048,tg128); needs --api llamacpp.", valueName: "tests"))
    var sizes: String?
    @Option(name: .customLong("repeat"), help: "Repeats of each size test; the summary gives mean ± standard deviation.") var repeats: Int = 5
    @Option(help: ArgumentHelp("Context depths for the size tests, in tokens already in the context (like llama-bench's -d): 0 or 0,4096.", valueName: "tokens"))
    var depth: String = "0"
    @Option(help: ArgumentHelp("Serving mode: the suite's prompts with this many requests in flight, level after level (like 1,2,4).", valueName: "levels"))
    var concurrency: String?
    @Option(name: .customLong("request-rate"),
            help: ArgumentHelp("Serving mode: requests per second arriving as a Poisson process, level after level (like 0.5,2,inf; inf sends all at once).",
                               valueName: "rates"))
    var requestRate: String?
    @Option(help: "Requests per serving level (default: 4 per request in flight, 16 per request rate).") var requests: Int?
    @Option(help: "Seed of the request rate's arrival times (the same seed, the same arrivals).") var seed: UInt64 = 0

    func run() async throws {
        if let writeImages {
            print("wrote \(try SuiteImages.write(into: writeImages).joined(separator: ", ")) to \(writeImages)")
            return
        }
        guard let endpoint, sizes != nil || suite != nil else { throw ValidationError("--endpoint and --suite (or --sizes) are needed") }
        let url: URL
        do { url = try BenchEndpoint.parse(endpoint) } catch { throw ValidationError("\(error)") }
        guard let api = InferenceAPI(rawValue: api) else { throw ValidationError("--api must be openai, ollama or llamacpp") }
        let timeouts: RequestTimeouts
        do { timeouts = try RequestTimeouts(connect: connectTimeout, firstToken: firstTokenTimeout, total: timeout).validated() } catch {
            throw ValidationError("\(error)")
        }
        let mode: BenchMode
        do {
            mode = try BenchMode(sizes: sizes, depth: depth, repeats: repeats, concurrency: concurrency, requestRate: requestRate, requests: requests,
                                 seed: seed, api: api, suite: suite)
        } catch {
            throw ValidationError("\(error)")
        }
        var suiteRequests: [BenchSuite.Request] = []
        if let suite, mode.needsSuite {
            let loadedSuite: BenchSuite
            do { loadedSuite = try BenchSuite.load(path: suite) } catch {
                printError("error: \(error)")
                throw ExitCode.failure
            }
            suiteRequests = loadedSuite.requests(suitePath: suite, modelClass: modelClass, languages: language, maxTokens: maxTokens)
            guard !suiteRequests.isEmpty else { throw ValidationError("no task in \(suite) matches --model-class/--language") }
        }
        let directory: String
        do { directory = try FreshRunDirectory.create(out, kind: "bench", date: Date()) } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        if let out, directory != out { print("\(out) exists; this run's directory is \(directory)") }
        let session = try RunSession(root: global.sysfsRoot, configPath: global.config, rate: rate, slot: nil)
        let target = BenchTarget(api: api, endpoint: url, model: model, timeouts: timeouts, hygiene: PromptHygiene(), framework: framework ?? api.rawValue)
        let run = BenchRun(target: target, mode: mode, prompts: suiteRequests, warmup: !noWarmup,
                           settings: ["endpoint": endpoint, "suite": suite ?? "", "max_tokens": maxTokens.map(String.init) ?? "suite"])
        // Ctrl-C: give up the request in flight, write what was measured, exit 130.
        let interruption = BenchInterruption()
        let signals = await UnixSignalsSequence(trapping: .sigint)
        let watcher = Task {
            for await _ in signals {
                interruption.fire()
                return
            }
        }
        defer { watcher.cancel() }
        let outcome = try await run.run(session: session, interruption: interruption, directory: directory) { message in
            switch message {
            case .progress(let line): print(line)
            case .warning(let line): printError("warning: \(line)")
            }
        }
        let written = outcome.report.requests.count
        if outcome.interrupted {
            printError("interrupted: \(written) of \(outcome.planned) requests written to \(directory)")
        } else {
            print("\(written) requests, \(outcome.failures) failed; report: \(directory)/summary.md, \(directory)/report.html")
            if outcome.failures > 0 {
                printError("error: \(outcome.failures) of \(written) requests failed (listed in summary.md); they are not in the figures")
            }
        }
        if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
    }
}
