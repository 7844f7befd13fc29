import Hardware

/// A whole `stress` run once its options are parsed: starts the load command (if any) beside
/// the sampler, waits until the command ends, `limit` passes or the run is interrupted, stops
/// the command's whole process group if it still runs, and writes the run directory.
public struct StressRun: Sendable {
    /// The load command and its arguments; empty to sample while the user runs the load.
    public var command: [String]
    /// Seconds after which the run stops (nil: when the command ends).
    public var limit: Double?
    /// The limit as the user gave it, for run.json (`10m`).
    public var limitText: String?
    /// How often the run looks at the command, the clock and the interruption.
    public var pollInterval: Duration

    /// What a finished run wrote and how it ended.
    public struct Outcome: Sendable {
        /// What was written to the run directory.
        public var report: RunReport
        /// Whether the run stopped the command itself (at the limit or on Ctrl-C).
        public var stoppedCommand: Bool
        /// Whether Ctrl-C (or SIGTERM) ended the run.
        public var interrupted: Bool
        /// Why the run failed, the first deciding the exit status; empty when it succeeded.
        public var problems: [StressOutcome.Problem]
        /// `stress`'s exit status: 0, or the first problem's.
        public var exitStatus: Int32 { problems.first?.outcome.rawValue ?? StressOutcome.ok.rawValue }
    }

    /// Why the load command could not be started.
    public struct StartFailure: Error, CustomStringConvertible {
        /// The command and why, in words.
        public var description: String
    }

    /// Creates a run; `limit` is nil or above 0, and a run without a command needs one.
    public init(command: [String], limit: Double?, limitText: String? = nil, pollInterval: Duration = .milliseconds(100)) {
        precondition(!command.isEmpty || limit != nil, "a stress run without a command needs a limit")
        self.command = command
        self.limit = limit
        self.limitText = limitText
        self.pollInterval = pollInterval
    }

    /// The run's label: the command's file name, or `stress`.
    public var label: String {
        command.first.flatMap { $0.split(separator: "/").last.map(String.init) } ?? "stress"
    }

    /// Starts the command (its output in `directory`/command.log) and `session`'s sampler,
    /// waits for the end, and writes `directory`; `say` gets the lines to print as it goes,
    /// `root` is the machine sampled (for the commands a problem suggests). Throws
    /// ``StartFailure``, with nothing started, when the command cannot be started, or the error
    /// writing the directory.
    public func run(session: RunSession, interruption: BenchInterruption, directory: String, root: SysfsRoot,
                    say: @Sendable (String) -> Void) async throws -> Outcome {
        var load: LoadProcess?
        let commandLine = command.joined(separator: " ")
        if !command.isEmpty {
            do { load = try await LoadProcess.start(command, log: directory + "/command.log") } catch {
                throw StartFailure(description: "cannot start \(commandLine): \(error)")
            }
            say("running \(commandLine) (output in \(directory)/command.log)")
        }
        session.startSampling()
        var exitStatus: Int32?
        while true {
            if let load, let status = load.exitStatus() { exitStatus = status; break }
            if let limit, session.now >= limit { break }
            if interruption.hasFired { say("interrupted"); break }
            try? await Task.sleep(for: pollInterval)
        }
        var stoppedCommand = false
        if let load, exitStatus == nil {
            exitStatus = await load.stop()
            stoppedCommand = true
        }
        let interrupted = interruption.hasFired
        let report = try await session.finish(kind: "stress", label: label, settings: settings, exitStatus: exitStatus,
                                              interrupted: interrupted ? true : nil, to: directory)
        return Outcome(report: report, stoppedCommand: stoppedCommand, interrupted: interrupted,
                       problems: StressOutcome.problems(report, stoppedCommand: stoppedCommand, root: root))
    }

    /// The settings run.json records.
    private var settings: [String: String] { ["command": command.joined(separator: " "), "duration": limitText ?? ""] }
}
