import ArgumentParser
import FanControl
import Foundation
import SimulationHarness
import Simulator
import JSONText

/// `mi50fan simulate`: try a curve on the virtual MI50 before trusting a real card to it.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the controller against the virtual MI50 on a virtual clock and print a summary.",
        discussion: """
            The real control loop reads and writes the virtual card's sysfs tree, so what you see is \
            what the daemon would do. An hour takes seconds.
            Faults: KIND@START[-END], KIND one of junction-vanishes, junction-empty, junction-frozen, \
            junction-jumps (also edge-, mem-), firmware-takes-pwm, hwmon-renumbers, chip-renumbers, fan-stalls.
            """
    )

    @Option(help: "Load: idle, inference, stress, or a CSV trace of seconds,watts.")
    var profile: String = "inference"

    @Option(help: "How long to simulate, like 1h or 30m.")
    var duration: String = "1h"

    @Option(help: "The curve: a shipped curve's name or a curve file.")
    var curve: String = "mi50-blower-balanced"

    @Option(name: .customLong("curves-dir"), help: "Where named curves are found.")
    var curvesDirectory: String?

    @Option(help: "Write one line per tick to this CSV file.")
    var csv: String?

    @Option(help: "Random seed (load and sensor noise); card N of several gets seed + N.")
    var seed: UInt64 = 1

    @Option(help: "How many cards the virtual machine has (1 to 8), each with its own PCI slot, load and fan header.")
    var cards: Int = 1

    @Option(help: "Inject a fault (repeatable), like junction-vanishes@600s-660s.")
    var fault: [String] = []

    @Option(help: "Keep the virtual machine's tree in this directory (default: a temporary one, removed).")
    var root: String?

    @Flag(help: "Give the fan a spike filter on the card's edge with the hysteresis that goes with one, as docs/examples/config.yaml (docs/configuration.md: spike_filter).")
    var spikeFilter = false

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(help: "Only run the virtual card, in real time, until stopped: for `mi50fan run --root` and the other commands in another terminal.")
    var serve = false

    @Option(help: "With --serve: simulated seconds per real second.")
    var speed: Double = 1

    func run() async throws {
        try SimulationSetup.checkCards(cards)
        if serve { return try await serveCard() }
        let setup = try SimulationSetup(profile: profile, duration: duration, curve: curve, curvesDirectory: curvesDirectory,
                                        faults: fault, root: root)
        defer { setup.cleanUp() }
        let run = try setup.makeRun(seed: seed, cards: cards, spikeFilter: spikeFilter)
        var lines: [String] = [SimulationSample.csvHeader]
        while run.card.time < setup.seconds {
            let (sample, _) = run.step()
            if csv != nil { lines.append(sample.csvLine) }
        }
        if let csv {
            try (lines.joined(separator: "\n") + "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        }
        if json {
            print(try JSONWriter.encode(run.summary), terminator: "")
        } else {
            print(run.summary.text, terminator: "")
        }
    }

    /// Runs the cards alone in real time, so that a separate `mi50fan run` drives them.
    private func serveCard() async throws {
        guard let root else { throw ValidationError("--serve needs --root DIR: where the card's tree goes") }
        let setup = try SimulationSetup(profile: profile, duration: duration, curve: curve, curvesDirectory: curvesDirectory,
                                        faults: fault, root: root)
        let machine = VirtualMI50Machine(root: root, cards: cards, profile: setup.profile, seed: seed, faults: setup.faults)
        machine.build()
        try SimulatedMachine.writeConfig(root: root, curve: setup.curve.name, curveText: setup.curve.text, cards: cards,
                                           spikeFilter: spikeFilter)
        print("""
            \(cards == 1 ? "a virtual MI50 is" : "\(cards) virtual MI50s are") running under \(root) (\(setup.profile.name) load, \(speed)x real time, for \(duration)).
            In another terminal:
              mi50fan run --root \(root) --config \(SimulatedMachine.configPath(root: root))
              mi50fan detect --root \(root)
            """)
        fflush(nil)
        let clock = ContinuousClock()
        let start = clock.now
        let step = 0.1
        while machine.time < setup.seconds {
            try await Task.sleep(until: start + .seconds((machine.time + step) / speed), clock: clock)
            machine.advance(by: step)
        }
    }
}
