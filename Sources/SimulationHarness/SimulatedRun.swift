import ConfigFiles
import FanControl
import Foundation
import Hardware
import Service
import Simulator

/// One sample of a simulated run (per tick), for the live view and CSV.
public struct SimulationSample: Sendable {
    public var time: Double
    public var phase: LoadPhase
    public var power: Double
    public var edge: Double, junction: Double, mem: Double
    public var duty: Double
    public var rpm: Int?
    public var sclk: Double
    public var throttle: ThrottleState
    public var notes: DecisionNotes

    /// The CSV header.
    public static let csvHeader = "time_s,phase,power_w,edge_c,junction_c,mem_c,duty_pct,rpm,sclk_mhz,throttle"

    /// One CSV line.
    public var csvLine: String {
        let reasons = [(ThrottleState.junction, "junction"), (.edge, "edge"), (.hbm, "hbm"), (.power, "power")]
            .filter { throttle.contains($0.0) }.map(\.1).joined(separator: "+")
        return String(format: "%.1f,%@,%.0f,%.1f,%.1f,%.1f,%.1f,%@,%.0f,%@", time, phase.rawValue, power, edge, junction, mem,
                      duty * 100, rpm.map(String.init) ?? "", sclk, reasons.isEmpty ? "-" : reasons)
    }
}

/// The virtual cards and the real control loop, run together on one clock.
public final class SimulatedRun {
    /// The machine: one card, or several each with its own fan.
    public let machine: VirtualMI50Machine
    /// The first card (the samples follow it).
    public var card: VirtualMI50 { machine.cards[0] }
    /// The real control loop, reading and writing the card's tree.
    public private(set) var loop: ControlLoop
    /// The running summary.
    public private(set) var summary = SimulationSummary()
    private let interval: Double
    private var lastDuties: [Duty?] = []
    private var wasStalled: [Bool] = []
    /// Per fan: whether its latest duty change was upwards (reversals).
    private var lastRising: [Bool?] = []
    private var samples = 0

    /// Builds the tree of `cards` cards under `root`, writes a config for them following `curve`
    /// (`curveText`: a curve file's contents, when not built in), and loads it. Faults play on
    /// the first card.
    public init(root: String, profile: LoadProfile, curve: String, curveText: String? = nil, seed: UInt64 = 1,
                parameters: MI50Parameters = MI50Parameters(), faults: [ScheduledFault] = [], interval: String = "1s",
                cards: Int = 1, spikeFilter: Bool = false) throws {
        machine = VirtualMI50Machine(root: root, cards: cards, profile: profile, seed: seed, parameters: parameters, faults: faults)
        machine.build()
        try SimulatedMachine.writeConfig(root: root, curve: curve, curveText: curveText, interval: interval, cards: cards,
                                          spikeFilter: spikeFilter)
        let loaded = try ConfigLoader.load(path: SimulatedMachine.configPath(root: root)).get()
        // Simulated time stands still while the loop reads: readings are as old as the tick.
        loop = ControlLoop(loaded: loaded, root: machine.root, readClock: { 0 })
        self.interval = loaded.config.interval.seconds
        summary.profile = profile.name
        summary.curve = curve
        summary.cards = cards
        summary.critical = loaded.plan.fans.first?.selections.first?.curve.critical?.celsius
        loop.start()
    }

    /// Advances one control interval: the card moves on, then the loop reads and writes.
    @discardableResult
    public func step() -> (SimulationSample, TickReport) {
        machine.advance(by: interval)
        let report = loop.tick(now: Timestamp(seconds: card.time))
        let model = card.model
        let decision = report.decisions[0]
        let sample = SimulationSample(time: card.time, phase: card.phase, power: model.power, edge: model.edge,
                                      junction: model.junction, mem: model.hbm, duty: card.appliedDuty,
                                      rpm: report.rpm.first ?? nil, sclk: model.sclk, throttle: model.limits, notes: decision.notes)
        record(sample, report: report)
        return (sample, report)
    }

    /// Reloads the config as the daemon does on SIGHUP: a new loop that carries on from the
    /// current one and takes its outputs over. Returns what happened.
    @discardableResult
    public func reload() throws -> [LoopEvent] {
        let loaded = try ConfigLoader.load(path: SimulatedMachine.configPath(root: machine.root.base)).get()
        let next = ControlLoop(loaded: loaded, root: machine.root, continuing: loop, readClock: { 0 })
        let events = loop.release() + next.start()
        loop = next
        return events
    }

    /// Adds a tick to the summary: temperatures of the hottest card, throttling of any card,
    /// the mean duty over the cards, duty changes, stalls and fail-safe over every fan.
    private func record(_ sample: SimulationSample, report: TickReport) {
        samples += 1
        let models = machine.cards.map(\.model)
        let junction = models.map(\.junction).max() ?? sample.junction
        let throttle = models.reduce(ThrottleState()) { $0.union($1.limits) }
        let duty = machine.cards.map(\.appliedDuty).reduce(0, +) / Double(machine.cards.count)
        summary.duration = card.time
        summary.peakJunction = max(summary.peakJunction, junction)
        summary.peakMem = max(summary.peakMem, models.map(\.hbm).max() ?? sample.mem)
        summary.meanJunction += (junction - summary.meanJunction) / Double(samples)
        summary.meanDuty += (duty * 100 - summary.meanDuty) / Double(samples)
        if !throttle.subtracting(.power).isEmpty { summary.thermalThrottleSeconds += interval }
        if throttle.contains(.power) { summary.powerCapSeconds += interval }
        if let critical = summary.critical, junction >= critical { summary.secondsAboveCritical += interval }
        if report.decisions.contains(where: { $0.notes.contains(.failSafe) }) { summary.failSafeSeconds += interval }
        if lastDuties.isEmpty { lastDuties = Array(repeating: nil, count: report.decisions.count) }
        if lastRising.isEmpty { lastRising = Array(repeating: nil, count: report.decisions.count) }
        if wasStalled.isEmpty { wasStalled = Array(repeating: false, count: report.decisions.count) }
        for (fan, decision) in report.decisions.enumerated() where fan < lastDuties.count {
            if report.wrote[fan], let last = lastDuties[fan], last != decision.duty {
                summary.dutyChanges += 1
                let rising = decision.duty > last
                if let previous = lastRising[fan], previous != rising { summary.reversals += 1 }
                lastRising[fan] = rising
            }
            if report.wrote[fan] { lastDuties[fan] = decision.duty }
            let stalled = report.stalled[fan]
            if stalled && !wasStalled[fan] { summary.stallEvents += 1 }
            wasStalled[fan] = stalled
        }
    }
}
