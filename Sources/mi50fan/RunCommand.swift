import ArgumentParser
import Foundation
import Logging
import Service

/// `mi50fan run`: the fan service (what systemd starts).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the fan service: read the cards, drive the fans, until stopped.",
        discussion: """
            Refuses to start when the config has problems (exit 78) or another instance runs (exit 75). \
            SIGHUP reloads the config (a bad one keeps the running config); SIGTERM or SIGINT gives \
            every output back to the mode it had. Under systemd it speaks the notify protocol \
            (READY, STATUS, WATCHDOG) and logs with journald priorities.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Where the service keeps its lock and the record of held outputs (default: /run/mi50fan below --root).")
    var stateDir: String?

    @Option(help: "Lowest level logged: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level `\(logLevel)` is not a level") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let journald = LogOutput.underSystemd(environment)
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { _ in LogOutput(journald: journald, level: level) }
        let daemon = Daemon(configPath: global.config, root: global.sysfsRoot,
                            stateDirectory: stateDir ?? StateDirectory.defaultPath(root: global.sysfsRoot),
                            environment: environment, logger: Logger(label: "mi50fan"))
        let status = await daemon.run()
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}
