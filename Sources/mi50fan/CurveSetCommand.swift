import ArgumentParser
import ConfigFiles
import FanControl
import Foundation
import Service

/// `mi50fan curve set NAME TEMP DUTY`: add a point, or change the duty of the point at TEMP.
struct CurveSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Add a point, or change the duty at a temperature.")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String
    @Argument(help: "Temperature, like 70 or 70C.", transform: temperatureArgument) var temperature: Temperature
    @Argument(help: "Duty, like 45%.", transform: dutyArgument) var duty: Duty
    @Option(help: "Revert after this long unless `mi50fan curve confirm` follows, like 30s.") var confirm: String?

    func run() async throws {
        try await reportingFailures {
            let window = try options.confirmationWindow(confirm)
            var document = try options.load(name)
            var points = try linearPoints(document)
            if let index = points.firstIndex(where: { $0.temperature == temperature }) {
                points[index].duty = duty
            } else {
                points.append(CurvePoint(temperature, duty))
                points.sort { $0.temperature < $1.temperature }
            }
            document.curve.shape = .linear(points)
            try await options.commit(document, confirm: window)
        }
    }
}
