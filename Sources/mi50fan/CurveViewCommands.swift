import ArgumentParser
import ConfigFiles
import FanControl
import Foundation
import SimulationHarness

/// `mi50fan curve list`.
struct CurveListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the curves and which fans follow them.")

    @OptionGroup var options: CurveOptions

    func run() async throws {
        let store = options.store
        var users: [String: [String]] = [:]
        if case .success(let node) = ConfigLoader.document(at: options.global.config), case .success(let config) = ConfigDecoder.decode(node) {
            for fan in config.fans {
                for reference in [fan.curve].compactMap({ $0 }) + fan.inputs.compactMap(\.curve) {
                    if case .named(let name, _) = reference, !(users[name]?.contains(fan.name) ?? false) { users[name, default: []].append(fan.name) }
                }
            }
        }
        let names = store.names()
        let shipped = BuiltInCurves.files.keys.sorted().filter { !names.contains($0) }
        if names.isEmpty { print("no curves in \(store.directory); the shipped ones follow") }
        for name in names + shipped {
            switch names.contains(name) ? store.load(name) : CurveDocument.parse(BuiltInCurves.files[name]! + "\n", path: store.path(name)) {
            case .success(let document):
                let shape: String
                switch document.curve.shape {
                case .linear(let points): shape = "\(points.count) points"
                case .steps(let levels): shape = "\(levels.count) levels"
                }
                let critical = document.curve.critical.map { ", critical \($0)" } ?? ""
                let used = users[name].map { "  [fan \($0.joined(separator: ", "))]" } ?? ""
                let origin = names.contains(name) ? "" : " (shipped)"
                print("\(name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(shape)\(critical)\(origin)\(used)")
                if let description = document.description { print("    \(description)") }
            case .failure(let problems):
                print("\(name.padding(toLength: 24, withPad: " ", startingAt: 0)) BROKEN: \(problems.problems.first.map(\.description) ?? "")")
            }
        }
    }
}

/// `mi50fan curve show NAME`.
struct CurveShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a curve's points, hysteresis and a plot, with the current temperature marked.")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String
    @Option(help: "Mark this temperature instead of the card's junction now.") var at: String?

    func run() async throws {
        try reportingFailures {
            let document = try options.load(name)
            var marker: Double? = try at.map { try temperatureArgument($0).celsius }
            if at == nil {
                marker = MachineState.read(options.global).status.cards.compactMap { $0.temperatures["junction"] }.max()
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

/// `mi50fan curve export NAME [-o FILE]`: the curve as an SVG chart.
struct CurveExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a curve as an SVG chart.")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String
    /// Accepted for scripts written when SVG had to be asked for; SVG is the one format.
    @Flag(help: .hidden) var svg = false
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        try reportingFailures {
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

/// `mi50fan curve simulate NAME`.
struct CurveSimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "simulate", abstract: "Try a curve on the virtual MI50 before it touches real hardware.")

    @OptionGroup var options: CurveOptions
    @Argument(help: "The curve.") var name: String
    @Option(help: "Load: idle, inference, stress, or a CSV trace.") var profile: String = "inference"
    @Option(help: "How long to simulate.") var duration: String = "1h"
    @Option(help: "Random seed.") var seed: UInt64 = 1

    func run() async throws {
        let path = options.store.exists(name) ? options.store.path(name) : name
        let setup = try SimulationSetup(profile: profile, duration: duration, curve: path, curvesDirectory: options.directory,
                                        faults: [], root: nil)
        defer { setup.cleanUp() }
        let run = try setup.makeRun(seed: seed)
        while run.card.time < setup.seconds { run.step() }
        print(run.summary.text, terminator: "")
    }
}
