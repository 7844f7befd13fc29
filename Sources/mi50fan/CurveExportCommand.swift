import ArgumentParser
import ConfigFiles
import FanControl
import Foundation
import SimulationHarness

/// `mi50fan curve export NAME [-o FILE]`: the curve as an SVG chart.
struct CurveExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a curve as an SVG chart.")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String
    /// Accepted for scripts written when SVG had to be asked for; SVG is the one format.
    @Flag(help: .hidden) var svg = false
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        try await reportingFailures {
            let document = try options.load(name)
            let text = CurveText.svg(document.curve, title: "\(name)\(document.description.map { " — \($0)" } ?? "")")
            if let output {
                try AtomicFile.write(text, to: output)
                print("wrote \(output)")
            } else {
                print(text, terminator: "")
            }
        }
    }
}
