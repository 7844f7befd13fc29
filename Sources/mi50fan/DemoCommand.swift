import ArgumentParser
import FanControl
import Foundation
import SimulationHarness
import Simulator

/// `mi50fan demo`: the controller against the virtual MI50 in (scaled) real time, with a live view.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Watch the controller cool a simulated MI50 under inference load (no GPU, no root needed).",
        discussion: "Runs the real control loop against the virtual card, --speed times faster than real time, then prints a summary."
    )

    @Option(help: "How long to watch, in real time (default 60s).", transform: durationArgument)
    var duration: TimeSpan = TimeSpan(seconds: 60)

    @Option(help: "Simulated seconds per real second.")
    var speed: Double = 10

    @Option(help: "The curve: a shipped curve's name or a curve file.")
    var curve: String = "mi50-blower-balanced"

    @Option(help: "Load: idle, inference, stress, or a CSV trace.")
    var profile: String = "inference"

    @Option(help: "Random seed.")
    var seed: UInt64 = 7

    @Option(help: "How many cards (1 to 8), each with its own fan; the view follows the first.")
    var cards: Int = 1

    @Flag(help: "Do not pull the junction sensor away two-thirds of the way through (the fail-safe demonstration).")
    var noFault = false

    func validate() throws {
        guard duration.seconds > 0 else { throw ValidationError("--duration must be longer than 0s") }
        guard speed >= 0.1 && speed <= 1000 else { throw ValidationError("--speed must be 0.1 to 1000") }
        try SimulationSetup.checkCards(cards)
    }

    func run() async throws {
        let real = duration
        let simulated = real.seconds * speed
        let faultStart = Int(simulated * 2 / 3)
        let faults = noFault ? [] : ["junction-vanishes@\(faultStart)s-\(faultStart + 20)s"]
        let setup = try SimulationSetup(profile: profile, duration: "\(simulated)s", curve: curve, curvesDirectory: nil,
                                        faults: faults, root: nil)
        defer { setup.cleanUp() }
        let run = try setup.makeRun(seed: seed, cards: cards)
        let view = LiveView(interactive: isatty(STDOUT_FILENO) == 1)
        print("mi50fan demo: \(cards == 1 ? "a virtual MI50" : "\(cards) virtual MI50s (showing the first)") under \(setup.profile.name) load, curve \(setup.curve.name), \(Int(speed))x real time")
        print("the real control loop reads and writes the card's sysfs tree in \(setup.root)\n")
        let clock = ContinuousClock()
        let start = clock.now
        while run.card.time < setup.seconds {
            let (sample, report) = run.step()
            for event in report.events where event.level >= .notice { view.event(time: sample.time, event.message) }
            view.show(sample)
            let due = start + .seconds(run.card.time / speed)
            if due > clock.now { try await Task.sleep(until: due, clock: clock) }
        }
        view.finish()
        print("")
        print(run.summary.text, terminator: "")
    }
}
