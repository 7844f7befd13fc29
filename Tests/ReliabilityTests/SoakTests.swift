import FanControl
import Foundation
import Hardware
import Service
@testable import Simulator
import SimulationHarness
import Testing

/// Simulated hours of random load, random faults and config reloads, checking the safety
/// invariant on every tick, on the decision and on the header itself (what the fan gets):
/// while every temperature a fan follows is known, its duty is at least what its curves ask
/// for at those temperatures; once one has been unknown for more than one interval, the duty
/// is the fail-safe duty; the header gives the fan at least that within one interval
/// (firmware taking it back, the chip renumbered, a reload). `MI50FAN_SOAK_HOURS` (default 2)
/// and `MI50FAN_SOAK_SEED` set the run; `make soak` runs 24 hours.
@Test("soak: random load and faults, the invariant holds on every tick")
func soak() throws {
    let environment = ProcessInfo.processInfo.environment
    let hours = environment["MI50FAN_SOAK_HOURS"].flatMap(Double.init) ?? 2
    let seed = environment["MI50FAN_SOAK_SEED"].flatMap(UInt64.init) ?? 20261124
    print("soak: \(hours) h, seed \(seed) (replay: MI50FAN_SOAK_SEED=\(seed) MI50FAN_SOAK_HOURS=\(hours) swift test --filter soak)")
    var random = RandomSource(seed: seed)
    let seconds = hours * 3600
    var faults: [ScheduledFault] = []
    var time = 300.0
    while time < seconds {
        let kinds: [SimulatedFault] = [.sensorVanishes(.junction), .sensorEmpty(.junction), .sensorJumps(.junction, 40),
                                       .sensorJumps(.junction, -70), .sensorFrozen(.junction), .sensorVanishes(.mem),
                                       .sensorEmpty(.mem), .firmwareTakesPWM, .hwmonRenumbers, .chipRenumbers, .fanStalls]
        let fault = kinds[Int(random.next() % UInt64(kinds.count))]
        faults.append(ScheduledFault(fault, start: time, end: time + 5 + random.unit() * 55))
        time += 120 + random.unit() * 900
    }
    let profiles: [LoadProfile] = [.inference, .stress, .idle]
    let profile = profiles[Int(seed % 3)]
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-soak-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let run = try SimulatedRun(root: root, profile: profile, curve: "mi50-blower-balanced", seed: seed, faults: faults)
    let plan = run.loop.controller.plan
    var unknownTicks = 0
    var violations: [String] = []
    var failSafeTicks = 0
    var lowHeaderTicks = 0
    var reloads = 0
    var nextReload = 600 + random.unit() * 3600
    while run.card.time < seconds {
        if run.card.time >= nextReload {
            try run.reload()
            reloads += 1
            nextReload += 600 + random.unit() * 3600
        }
        let (_, report) = run.step()
        let decision = report.decisions[0]
        // What the header gives the fan after this tick's write, one interval's grace.
        // (to one step of the 8-bit header: changes under half a step are not written)
        lowHeaderTicks = run.card.headerDuty() + 1.001 / 255 < decision.duty.fraction ? lowHeaderTicks + 1 : 0
        if lowHeaderTicks > 1 {
            violations.append("t=\(run.card.time): the header gives \(Duty(fraction: run.card.headerDuty())), the decision is \(decision.duty)")
        }
        let known = report.readings.enumerated().filter { plan.sensors[$0.offset].kind == .temperature }
            .compactMap { entry -> Double? in if case .value(let value, _) = entry.element { return value } else { return nil } }
        let allKnown = known.count == plan.fans[0].selections.flatMap(\.sensors).count
        unknownTicks = allKnown ? 0 : unknownTicks + 1
        if decision.notes.contains(.failSafe) { failSafeTicks += 1 }
        if unknownTicks > 1 && decision.duty != .full {
            violations.append("t=\(run.card.time): a sensor unknown for \(unknownTicks) ticks, duty \(decision.duty)")
        }
        if allKnown && !decision.notes.contains(.failSafe) {
            let demand = plan.fans[0].selections.map { selection -> Double in
                let temperature = selection.combine { index in
                    if case .value(let value, _) = report.readings[index] { return value }
                    return .nan
                }
                if let critical = selection.curve.critical, temperature >= critical.celsius { return 1 }
                guard case .linear(let points) = selection.curve.shape else { return 0 }
                return FanCurve.interpolate(points, at: Temperature(celsius: temperature)).0.fraction
            }.max() ?? 0
            if decision.duty.fraction + 1e-9 < demand {
                violations.append("t=\(run.card.time): duty \(decision.duty) below the curve's \(Duty(fraction: demand))")
            }
        }
        if violations.count > 10 { break }
    }
    print("soak: seed \(seed), \(profile), \(Int(run.card.time)) ticks, \(faults.count) faults, \(reloads) reloads, \(failSafeTicks) fail-safe ticks, peak junction \(Int(run.summary.peakJunction.rounded())) °C, \(violations.count) violations")
    #expect(violations.isEmpty, "seed \(seed): \(violations.prefix(10).joined(separator: "; "))")
    #expect(failSafeTicks > 0, "the faults did reach the controller")
    #expect(reloads > 0 || hours < 1, "reloads happened")
    #expect(run.summary.peakJunction < MI50Parameters().junctionLimit + 5)
}
