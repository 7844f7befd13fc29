import ArgumentParser
import ConfigFiles
import FanControl
import Foundation
import SimulationHarness

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
