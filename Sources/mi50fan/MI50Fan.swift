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
        let arguments = LeadingGlobalOptions.reorder(NegativeNumberArguments.protect(Array(CommandLine.arguments.dropFirst())), root: MI50Fan.self)
        var parsed: ParsableCommand
        do {
            parsed = try parseAsRoot(arguments)
        } catch {
            fail(error, arguments: arguments, command: nil)
        }
        do {
            if var command = parsed as? AsyncParsableCommand { try await command.run() } else { try parsed.run() }
        } catch {
            fail(error, arguments: arguments, command: type(of: parsed))
        }
    }

    /// Prints `error` with the `error:` prefix and exits; a value the command refused while
    /// running is shown with that command's usage, not the root's.
    private static func fail(_ error: Error, arguments: [String], command: ParsableCommand.Type?) -> Never {
        let code = exitCode(for: error)
        if let command, command != MI50Fan.self, let validation = error as? ValidationError {
            printError("error: " + plainMinus(validation.message))
            let path = usageString(for: command).split(separator: " ").dropFirst().prefix { !$0.hasPrefix("[") && !$0.hasPrefix("<") }
            printError("Usage: " + usageString(for: command))
            printError("  See 'mi50fan \(path.joined(separator: " ")) --help' for more information.")
            exit(withError: ExitCode(code.rawValue))
        }
        let message = fullMessage(for: error)
        guard code != .success, message.hasPrefix("Error: ") else { exit(withError: error) }
        printError("error: " + plainMinus(String(message.dropFirst("Error: ".count))))
        if let hint = SubcommandSuggestion.suggestion(for: arguments, root: MI50Fan.self) { printError(hint) }
        exit(withError: ExitCode(code.rawValue))
    }

    /// The text with NegativeNumberArguments' U+2212 turned back into the hyphen the user typed.
    private static func plainMinus(_ text: String) -> String { String(text.map { $0 == "\u{2212}" ? "-" : $0 }) }
}
