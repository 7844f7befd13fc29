import ArgumentParser
import ConfigFiles
import FanControl
import Foundation
import Service

/// `mi50fan curve remove NAME TEMP`: remove the point at TEMP.
struct CurveRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove the point at a temperature.")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String
    @Argument(help: "Temperature of the point.", transform: temperatureArgument) var temperature: Temperature
    @Option(help: "Revert after this long unless confirmed.") var confirm: String?

    func run() async throws {
        try await reportingFailures {
            let window = try options.confirmationWindow(confirm)
            var document = try options.load(name)
            var points = try linearPoints(document)
            guard let index = points.firstIndex(where: { $0.temperature == temperature }) else {
                throw CurveFailure("`\(name)` has no point at \(temperature); its points are at \(points.map { "\($0.temperature)" }.joined(separator: ", "))")
            }
            guard points.count > 1 else { throw CurveFailure("`\(name)` needs at least one point") }
            points.remove(at: index)
            document.curve.shape = .linear(points)
            try await options.commit(document, confirm: window)
        }
    }
}
