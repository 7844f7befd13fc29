import Hardware

/// How a `stress` run ended, as its exit status: a run that sampled no card, or whose load
/// command failed, is not a success.
public enum StressOutcome: Int32, Sendable {
    /// Cards were sampled and the load command (if any) succeeded or was stopped by the run.
    case ok = 0
    /// The run sampled no card: there is nothing to report.
    case noCardSampled = 2
    /// The load command failed (non-zero exit, or killed by a signal the run did not send).
    case loadFailed = 3

    /// One reason the run failed.
    public struct Problem: Equatable, Sendable {
        /// Its exit status.
        public var outcome: StressOutcome
        /// What went wrong, in words.
        public var message: String
    }

    /// Every reason the run failed, the first deciding the exit status. `stoppedCommand`: the
    /// run stopped the command itself (at `--duration` or on Ctrl-C), so its death by signal
    /// is expected. `root`: the machine the run sampled, for the command a message suggests.
    public static func problems(_ report: RunReport, stoppedCommand: Bool, root: SysfsRoot = .system) -> [Problem] {
        var problems: [Problem] = []
        if report.cards.isEmpty {
            problems.append(Problem(outcome: .noCardSampled,
                                    message: "no card was sampled (\(report.samplesTaken) samples); `\(root.suggestion("detect"))` lists the cards this machine has"))
        } else if report.samplesTaken == 0 {
            let interval = 1 / report.sampleRate, rate = report.sampleRate
            problems.append(Problem(outcome: .noCardSampled,
                                    message: "no card was sampled: the run ended after \(Int(report.duration * 1000)) ms, before its first sample; "
                                        + "give a --duration longer than one sample interval (\(Int(interval * 1000)) ms at --rate \(rate == rate.rounded() ? String(Int(rate)) : String(rate)))"))
        }
        if let status = report.exitStatus, status != 0, !stoppedCommand {
            let how = status > 128 ? "was killed by signal \(status - 128)" : "exited with status \(status)"
            problems.append(Problem(outcome: .loadFailed, message: "the load command \(how); its output is in command.log"))
        }
        return problems
    }
}
