import ArgumentParser
import ConfigFiles
import FanControl
import Foundation
import Service

/// `mi50fan curve hysteresis NAME ...`: show or change how the duty falls.
struct CurveHysteresisCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hysteresis", abstract: "Show or set a curve's hysteresis and smoothing.")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String
    @Option(help: "Temperature deadband, like 3C.") var temperature: String?
    @Option(help: "Spin-down delay, like 15s.") var spinDownDelay: String?
    @Option(help: "Minimum step, like 2%.") var minStep: String?
    @Option(help: "Smoothing time constant on the way down, like 10s.") var smoothing: String?
    @Option(help: "Revert after this long unless confirmed.") var confirm: String?

    func run() async throws {
        try await reportingFailures {
            var document = try options.load(name)
            let changes = [temperature, spinDownDelay, minStep, smoothing].compactMap { $0 }
            if changes.isEmpty {
                print(CurveText.hysteresis(document.curve))
                return
            }
            let window = try options.confirmationWindow(confirm)
            if let temperature {
                guard let value = UnitParsing.temperature(temperature), (0...50).contains(value.celsius) else {
                    throw CurveFailure("--temperature `\(temperature)` must be 0 to 50 degrees, like 3C")
                }
                document.curve.hysteresis.deadband = value.celsius
            }
            if let spinDownDelay {
                guard let value = UnitParsing.timeSpan(spinDownDelay) else { throw CurveFailure("--spin-down-delay `\(spinDownDelay)` is not a duration") }
                document.curve.hysteresis.spinDownDelay = value
            }
            if let minStep {
                guard let value = UnitParsing.duty(minStep) else { throw CurveFailure("--min-step `\(minStep)` is not a duty, like 2%") }
                document.curve.hysteresis.minimumStep = value.fraction
            }
            if let smoothing {
                guard let value = UnitParsing.timeSpan(smoothing) else { throw CurveFailure("--smoothing `\(smoothing)` is not a duration") }
                document.curve.smoothing = DownSmoothing(timeConstant: value)
            }
            try await options.commit(document, confirm: window)
        }
    }
}
