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
}
