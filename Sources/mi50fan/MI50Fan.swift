import ArgumentParser
import Service

/// The `mi50fan` command: fan control and thermal monitoring for AMD Instinct MI50 cards.
@main
struct MI50Fan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mi50fan",
        abstract: "Fan control and thermal monitoring for AMD Instinct MI50 (Vega20) cards with retrofitted fans.",
        discussion: """
            Reads the card's edge, junction and HBM temperatures and drives a blower or 40 mm fans \
            through a motherboard PWM header, a GPIO line or a sysfs PWM channel.
            Documentation: docs/ in the source tree, or `man mi50fan`.
            """,
        version: BuildInfo.version,
        subcommands: [StatusCommand.self, WatchCommand.self, CurveCommand.self, CalibrateCommand.self, StressCommand.self, BenchCommand.self, ReportCommand.self, RunCommand.self, ReleaseCommand.self, DemoCommand.self, SimulateCommand.self, DetectCommand.self, SnapshotCommand.self, ConfigCommand.self, GPIOCommand.self]
    )

    /// Parses and runs the command; every error is printed with the one `error:` prefix the
    /// commands use themselves.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand { try await command.run() } else { try command.run() }
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            guard code != .success, message.hasPrefix("Error: ") else { exit(withError: error) }
            printError("error: " + message.dropFirst("Error: ".count))
            if let hint = SubcommandSuggestion.suggestion(for: Array(CommandLine.arguments.dropFirst()), root: MI50Fan.self) {
                printError(hint)
            }
            exit(withError: ExitCode(code.rawValue))
        }
    }
}
