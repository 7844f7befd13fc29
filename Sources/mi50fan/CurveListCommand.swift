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
