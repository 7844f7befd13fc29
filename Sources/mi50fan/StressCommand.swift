import ArgumentParser
import Bench
import FanControl
import Foundation
import Synchronization
import UnixSignals

/// `mi50fan stress -- COMMAND...`: run a load, sample the cards throughout, log throttling.
struct StressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress",
        abstract: "Run a load (llama-bench, an ollama run, a stress kernel) while sampling the cards; log throttling.",
        discussion: """
            Samples every card at --rate on a monotonic clock until the command ends, --duration passes or \
            Ctrl-C (which stops the command's whole process group). Writes a run directory: samples.csv, \
            run.json, summary.md, report.html, and the command's output in command.log. Every run gets a \
            directory of its own: when --output (or the default name) exists, NAME-2, NAME-3... is used.
            Exit status: 0 done; 2 no card was sampled; 3 the load command failed (non-zero exit, or \
            killed by a signal the run did not send); 1 an error.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Stop after this long, like 10m (default: when the command ends).", transform: durationArgument) var duration: TimeSpan?
    @Option(help: "Sample only the card at this PCI slot.") var card: String?
    @Option(help: "Samples per second.") var rate: Double = 10
    @Option(name: .shortAndLong, help: ArgumentHelp("The run directory (default: mi50fan-stress-DATE; NAME-2... when it exists).", valueName: "dir"))
    var output: String?
    /// The option's earlier name, still accepted.
    @Option(name: .customLong("out"), help: .hidden) var legacyOutput: String?
    /// The run directory asked for, by either name.
    private var out: String? { output ?? legacyOutput }
    @Argument(parsing: .postTerminator, help: "The load command.") var command: [String] = []

    func validate() throws {
        if let duration, duration.seconds <= 0 { throw ValidationError("--duration must be longer than 0s") }
        guard rate > 0 && rate <= 1000 else { throw ValidationError("--rate must be above 0 and at most 1000 samples per second") }
        if command.isEmpty && duration == nil { throw ValidationError("give a command after `--`, or --duration to sample while you run the load yourself") }
    }

    func run() async throws {
        let limit = duration?.seconds
        let session: RunSession
        do { session = try RunSession(root: global.sysfsRoot, configPath: global.config, rate: rate, slot: card) } catch let failure {
            printError("error: \(failure.description)")
            throw ExitCode.failure
        }
        let directory: String
        do { directory = try FreshRunDirectory.create(out, kind: "stress", date: Date()) } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        if let out, directory != out { print("\(out) exists; this run's directory is \(directory)") }
        session.startSampling()
        var load: LoadProcess?
        if !command.isEmpty {
            do { load = try await LoadProcess.start(command, log: directory + "/command.log") } catch {
                printError("error: cannot start \(command.joined(separator: " ")): \(error)")
                throw ExitCode.failure
            }
            print("running \(command.joined(separator: " ")) (output in \(directory)/command.log)")
        }
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let interrupted = Interruption()
        let listener = Task { for await _ in signals { interrupted.set(); return } }
        defer { listener.cancel() }
        var exitStatus: Int32?
        while true {
            if let load, let status = load.exitStatus() { exitStatus = status; break }
            if let limit, session.now >= limit { break }
            if interrupted.isSet { print("interrupted"); break }
            try? await Task.sleep(for: .milliseconds(100))
        }
        var stoppedCommand = false
        if let load, exitStatus == nil {
            exitStatus = await load.stop()
            stoppedCommand = true
        }
        let report = try await session.finish(kind: "stress", label: command.first.map { ($0 as NSString).lastPathComponent } ?? "stress",
                                              settings: ["command": command.joined(separator: " "), "duration": duration.map { "\($0)" } ?? ""],
                                              exitStatus: exitStatus, to: directory)
        print("\(report.samplesTaken) samples over \(Int(report.duration)) s (\(report.missedDeadlines) missed deadlines)")
        let thermal = report.episodes.filter(\.isThermal)
        print(report.episodes.isEmpty ? "no throttling" : "\(report.episodes.count) throttle episodes (\(thermal.count) thermal):")
        for episode in report.episodes {
            print(String(format: "  %@ %.1f-%.1f s (%.1f s): %@%@", episode.card, episode.start, episode.end, episode.duration,
                         episode.reasons.joined(separator: ", "), episode.inferred ? " (inferred)" : ""))
        }
        print("report: \(directory)/report.html, \(directory)/summary.md")
        let problems = StressOutcome.problems(report, stoppedCommand: stoppedCommand, root: global.sysfsRoot)
        for problem in problems { printError("error: \(problem.message)") }
        if let first = problems.first { throw ExitCode(first.outcome.rawValue) }
    }
}

/// Set once by the signal listener, read by the run loop.
final class Interruption: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .relaxed) }
    var isSet: Bool { flag.load(ordering: .relaxed) }
}
