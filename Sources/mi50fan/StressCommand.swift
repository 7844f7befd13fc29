import ArgumentParser
import Bench
import FanControl
import Foundation
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
        let run = StressRun(command: command, limit: duration?.seconds, limitText: duration.map { "\($0)" })
        let interruption = BenchInterruption()
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let listener = Task { for await _ in signals { interruption.fire(); return } }
        defer { listener.cancel() }
        let outcome: StressRun.Outcome
        do { outcome = try await run.run(session: session, interruption: interruption, directory: directory, root: global.sysfsRoot) { print($0) } } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        let report = outcome.report
        print("\(report.samplesTaken) sample\(report.samplesTaken == 1 ? "" : "s") over \(Int(report.duration)) s (\(report.missedDeadlines) missed deadline\(report.missedDeadlines == 1 ? "" : "s"))")
        let thermal = report.episodes.filter(\.isThermal)
        print(report.episodes.isEmpty ? "no throttling" : "\(report.episodes.count) throttle episodes (\(thermal.count) thermal):")
        for episode in report.episodes {
            print(String(format: "  %@ %.1f-%.1f s (%.1f s): %@%@", episode.card, episode.start, episode.end, episode.duration,
                         episode.reasons.joined(separator: ", "), episode.inferred ? " (inferred)" : ""))
        }
        print("report: \(directory)/report.html, \(directory)/summary.md")
        for problem in outcome.problems { printError("error: \(problem.message)") }
        if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
    }
}
