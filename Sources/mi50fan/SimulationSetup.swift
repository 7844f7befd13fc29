import ArgumentParser
import ConfigFiles
import Foundation
import Simulator
import SimulationHarness

/// The options `simulate`, `demo` and `curve simulate` share, checked and turned into a run.
struct SimulationSetup {
    let profile: LoadProfile
    let seconds: Double
    let curve: CurveLocator.Found
    let faults: [ScheduledFault]
    let root: String
    let temporary: Bool

    init(profile name: String, duration: String, curve: String, curvesDirectory: String?, faults: [String], root: String?) throws {
        if let named = LoadProfile.named(name) {
            profile = named
        } else {
            guard let text = try? String(contentsOfFile: name, encoding: .utf8) else {
                throw ValidationError("--profile `\(name)` is neither idle, inference, stress nor a readable CSV trace")
            }
            switch PowerTrace.parse(text) {
            case .success(let trace): profile = .trace(trace)
            case .failure(let error): throw ValidationError("\(name):\(error.line): \(error.message)")
            }
        }
        guard let span = UnitParsing.timeSpan(duration), span.seconds > 0, span.seconds <= 7 * 86400 else {
            throw ValidationError("--duration `\(duration)` must be a duration up to 7 days, like `1h`")
        }
        seconds = span.seconds
        switch CurveLocator.find(curve, curvesDirectory: curvesDirectory) {
        case .success(let found): self.curve = found
        case .failure(let problems): throw ValidationError(CurveLocator.message(problems))
        }
        self.faults = try faults.map { text in
            guard let parsed = ScheduledFault.parse(text) else {
                throw ValidationError("--fault `\(text)` is not KIND@START[-END] (see `mi50fan simulate --help`)")
            }
            return parsed
        }
        if let root {
            self.root = root
            temporary = false
        } else {
            self.root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-sim-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
            temporary = true
        }
    }

    func makeRun(seed: UInt64, interval: String = "1s", cards: Int = 1, spikeFilter: Bool = false) throws -> SimulatedRun {
        try SimulatedRun(root: root, profile: profile, curve: curve.name, curveText: curve.text, seed: seed,
                         faults: faults, interval: interval, cards: cards, spikeFilter: spikeFilter)
    }

    /// Checks a `--cards` count.
    static func checkCards(_ cards: Int) throws {
        guard (1...SimulatedLayout.maximumCards).contains(cards) else {
            throw ValidationError("--cards \(cards): a virtual machine holds 1 to \(SimulatedLayout.maximumCards) cards")
        }
    }

    func cleanUp() {
        if temporary { try? FileManager.default.removeItem(atPath: root) }
    }
}

import FanControl
