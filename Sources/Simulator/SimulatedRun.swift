import ConfigFiles
import FanControl
import Foundation
import Hardware
import Service

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

/// The virtual card and the real control loop, run together on one clock.
public final class SimulatedRun {
    /// The card.
    public let card: VirtualMI50
    /// The real control loop, reading and writing the card's tree.
    public private(set) var loop: ControlLoop
    /// The running summary.
    public private(set) var summary = SimulationSummary()
    private let interval: Double
    private var lastDuty: Duty?
    private var wasStalled = false
    private var samples = 0

    /// Builds the card's tree under `root`, writes a config for it following `curve`
    /// (`curveText`: a curve file's contents, when not built in), and loads it.
    public init(root: String, profile: LoadProfile, curve: String, curveText: String? = nil, seed: UInt64 = 1,
                parameters: MI50Parameters = MI50Parameters(), faults: [ScheduledFault] = [], interval: String = "1s") throws {
        card = VirtualMI50(root: root, profile: profile, seed: seed, parameters: parameters, faults: faults)
        card.build()
        try SimulatedMachine.writeConfig(root: root, curve: curve, curveText: curveText, interval: interval)
        let loaded = try ConfigLoader.load(path: SimulatedMachine.configPath(root: root)).get()
        // Simulated time stands still while the loop reads: readings are as old as the tick.
        loop = ControlLoop(loaded: loaded, root: card.root, readClock: { 0 })
        self.interval = loaded.config.interval.seconds
        summary.profile = profile.name
        summary.curve = curve
        summary.critical = loaded.plan.fans.first?.selections.first?.curve.critical?.celsius
        loop.start()
    }

    /// Advances one control interval: the card moves on, then the loop reads and writes.
    @discardableResult
    public func step() -> (SimulationSample, TickReport) {
        card.advance(by: interval)
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
        let loaded = try ConfigLoader.load(path: SimulatedMachine.configPath(root: card.root.base)).get()
        let next = ControlLoop(loaded: loaded, root: card.root, continuing: loop, readClock: { 0 })
        let events = loop.release() + next.start()
        loop = next
        return events
    }

    private func record(_ sample: SimulationSample, report: TickReport) {
        samples += 1
        summary.duration = card.time
        summary.peakJunction = max(summary.peakJunction, sample.junction)
        summary.peakMem = max(summary.peakMem, sample.mem)
        summary.meanJunction += (sample.junction - summary.meanJunction) / Double(samples)
        summary.meanDuty += (sample.duty * 100 - summary.meanDuty) / Double(samples)
        if !sample.throttle.subtracting(.power).isEmpty { summary.thermalThrottleSeconds += interval }
        if sample.throttle.contains(.power) { summary.powerCapSeconds += interval }
        if let critical = summary.critical, sample.junction >= critical { summary.secondsAboveCritical += interval }
        if sample.notes.contains(.failSafe) { summary.failSafeSeconds += interval }
        let duty = report.decisions[0].duty
        if report.wrote.first == true, let lastDuty, lastDuty != duty { summary.dutyChanges += 1 }
        if report.wrote.first == true { lastDuty = duty }
        let stalled = report.stalled.first ?? false
        if stalled && !wasStalled { summary.stallEvents += 1 }
        wasStalled = stalled
    }
}
