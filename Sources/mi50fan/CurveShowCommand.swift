import ArgumentParser
import ConfigFiles
import FanControl
import Foundation
import Service
import SimulationHarness

/// `mi50fan curve show NAME`.
struct CurveShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a curve's points, hysteresis and a plot, with the current temperature marked.")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String
    @Option(help: "Mark this temperature instead of the card's junction now.", transform: temperatureArgument) var at: Temperature?

    func run() async throws {
        try await reportingFailures {
            let document = try options.load(name)
            var marker: Double? = at?.celsius
            if at == nil {
                marker = MachineState.read(root: options.global.sysfsRoot, config: options.global.config).status.cards.compactMap { $0.temperatures["junction"] }.max()
            }
            let source = options.isBuiltIn(name)
                ? "shipped; `\(options.command("new my-\(name) --from \(name)"))` makes an editable copy"
                : options.store.path(name)
            print("\(name)\(document.description.map { ": \($0)" } ?? "")  (\(source))")
            print(CurveText.points(document.curve))
            if let critical = document.curve.critical { print("  critical \(critical) -> 100%") }
            print(CurveText.hysteresis(document.curve))
            print("")
            print(CurveText.plot(document.curve, marker: marker))
        }
    }
}
