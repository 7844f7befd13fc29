@testable import Bench
import Foundation
import Hardware
import Synchronization
import Testing
import TestSupport

/// The real llama.cpp server, and a run that samples no card (its root has none) and writes to a fresh directory.
private func serverAndRun() throws -> (server: LlamaServer, session: RunSession, directory: String) {
    let server = try LlamaServer()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-bench-run-\(UUID().uuidString)").path
    return (server, try RunSession(root: SysfsRoot(directory + "-no-machine"), configPath: "/nonexistent.yaml", rate: 20, slot: nil), directory)
}

/// `count` short text prompts named t1, t2...
private func prompts(_ count: Int, maxTokens: Int) -> [BenchSuite.Request] {
    (1...count).map { BenchSuite.Request(task: "t\($0)", language: "en", prompt: "Question \($0): what is \($0) + \($0)?", maxTokens: maxTokens, context: 2048) }
}

private func target(_ server: LlamaServer) throws -> BenchTarget {
    BenchTarget(api: .llamacpp, endpoint: try #require(URL(string: server.url)), model: "tiny", timeouts: RequestTimeouts(), hygiene: PromptHygiene(),
                framework: "llama.cpp")
}

@Test("the suite, one request at a time, run as bench runs it: warm-up first and not recorded, each request measured in order, the directory written",
      .enabled(if: MachineRequirement.runs(MachineRequirement.pythonVenv), "no python3 with venv here for the llama.cpp server"))
func suiteRunRealServer() async throws {
    let (server, session, directory) = try serverAndRun()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let lines = Mutex<[BenchRun.Message]>([])
    let run = BenchRun(target: try target(server), mode: .suite, prompts: prompts(3, maxTokens: 8), warmup: true, settings: ["suite": "inline"])
    let outcome = try await run.run(session: session, interruption: BenchInterruption(), directory: directory) { line in lines.withLock { $0.append(line) } }
    #expect(outcome.exitStatus == 0 && !outcome.interrupted && outcome.planned == 3 && outcome.failures == 0)
    let requests = outcome.report.requests
    #expect(requests.map(\.task) == ["t1", "t2", "t3"], "in order, the warm-up not recorded")
    #expect(zip(requests, requests.dropFirst()).allSatisfy { $0.end <= $1.start }, "one at a time")
    #expect(requests.allSatisfy { $0.error == nil && $0.mode == nil && $0.figures.generatedTokens == 8 && $0.figures.source == "llama.cpp timings" })
    let said = lines.withLock { $0 }
    #expect(said.first { if case .progress(let line) = $0 { line.hasPrefix("server lists: ") } else { false } } != nil)
    #expect(said.contains(.progress("warm-up request")))
    #expect(said.contains(.progress(BenchLines.request(requests[0]))))
    #expect(outcome.report.settings["suite"] == "inline" && outcome.report.settings["mode"] == "suite" && outcome.report.settings["run_id"] == run.target.hygiene.runID)
    for file in ["run.json", "requests.csv", "summary.md", "report.html"] {
        #expect(FileManager.default.fileExists(atPath: directory + "/" + file), "\(file)")
    }
}

/// The run's own clock, with every deadline a level waited for written down.
private final class RecordingClock: ServingClock {
    private let clock: SessionClock
    private let waited = Mutex<[Double]>([])
    init(_ session: RunSession) { clock = SessionClock(session) }
    var now: Double { clock.now }
    var deadlines: [Double] { waited.withLock { $0 } }
    func sleep(until deadline: Double) async throws {
        waited.withLock { $0.append(deadline) }
        try await clock.sleep(until: deadline)
    }
}

@Test("request-rate levels against a real llama.cpp server: each request sent no earlier than its seeded arrival, all at once at inf, vLLM's figures per level",
      .enabled(if: MachineRequirement.runs(MachineRequirement.pythonVenv), "no python3 with venv here for the llama.cpp server"))
func requestRateRealServer() async throws {
    let (server, session, directory) = try serverAndRun()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let clock = RecordingClock(session)
    let rates = try #require(["8", "inf"].map { RequestRate($0) } as? [RequestRate])
    let run = BenchRun(target: try target(server), mode: .serving(rates.map { .rate($0) }, requests: 4, seed: 11), prompts: prompts(4, maxTokens: 16),
                       warmup: false, clock: clock)
    let outcome = try await run.run(session: session, interruption: BenchInterruption(), directory: directory) { _ in }
    #expect(outcome.exitStatus == 0 && outcome.planned == 8)
    // The level's arrivals are the seed's: deadlines at the level's start plus each offset.
    let deadlines = clock.deadlines
    try #require(deadlines.count == 8)
    for (level, rate) in rates.enumerated() {
        let offsets = ArrivalSchedule(count: 4, rate: rate, seed: 11).offsets
        let waited = Array(deadlines[(level * 4)..<(level * 4 + 4)])
        #expect(zip(waited, offsets).allSatisfy { abs($0 - waited[0] - $1) < 1e-9 }, "\(rate): \(waited) vs \(offsets)")
        // Request i (task t(i+1)) started once its arrival came, not before, on the same clock.
        let requests = outcome.report.requests.filter { $0.requestRate == rate }
        #expect(requests.count == 4 && requests.allSatisfy { $0.mode == "serving" && $0.concurrency == nil && $0.error == nil })
        for request in requests {
            let index = try #require(Int(request.task.dropFirst())) - 1
            #expect(request.start >= waited[index], "\(request.task) sent at \(request.start), its arrival \(waited[index])")
        }
    }
    let levels = try #require(outcome.report.serving)
    #expect(levels.map(\.requestRate) == rates && levels.allSatisfy { $0.concurrency == nil })
    for level in levels {
        #expect(level.completed == 4 && level.outputTokens == 64 && abs(level.outputPerSecond - 64 / level.duration) < 1e-9)
        #expect(level.ttft?.count == 4 && level.tpot?.count == 4 && (level.itl?.count ?? 0) > 0)
    }
    // At inf all four go at once: the one-slot server queues them, so several are in flight.
    #expect((levels[1].peakConcurrency ?? 0) >= 2, "\(levels[1])")
    let summary = try String(contentsOfFile: directory + "/summary.md", encoding: .utf8)
    #expect(summary.contains("| llama.cpp | tiny | peak \(levels[0].peakConcurrency ?? 0) | 8 | 4 ok | "), "\(summary)")
    #expect(summary.contains("| llama.cpp | tiny | peak \(levels[1].peakConcurrency ?? 0) | inf | 4 ok | "), "\(summary)")
    let csv = try String(contentsOfFile: directory + "/requests.csv", encoding: .utf8).split(separator: "\n")
    #expect(csv[0].hasSuffix(",concurrency,request_rate") && csv.dropFirst().filter { $0.hasSuffix(",8") }.count == 4)
    #expect(outcome.report.settings["request_rate"] == "8,inf" && outcome.report.settings["seed"] == "11")
}
