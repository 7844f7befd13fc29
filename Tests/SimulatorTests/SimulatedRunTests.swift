import ConfigFiles
import FanControl
import Foundation
import Hardware
@testable import Simulator
import SimulationHarness
import Testing

@Test("an hour of inference on every shipped blower curve keeps the junction under the throttle point",
      arguments: ["mi50-blower-quiet", "mi50-blower-balanced", "mi50-blower-max", "dual-40mm"])
func hourOfInference(curve: String) throws {
    let root = SimulatorRoot()
    let run = try SimulatedRun(root: root.path, profile: .inference, curve: curve, seed: 3)
    simulate(run, seconds: 3600)
    #expect(run.summary.duration == 3600)
    #expect(run.summary.peakJunction < MI50Parameters().junctionLimit)
    #expect(run.summary.thermalThrottleSeconds == 0)
    #expect(run.summary.failSafeSeconds == 0)
    #expect(run.summary.powerCapSeconds > 0, "prefill bursts reach the power cap")
    if curve == "mi50-blower-balanced" { #expect(run.summary.peakJunction < 80) }
}

@Test("a fan forced low lets the card throttle, and the run, gpu_metrics and pp_dpm_sclk all say so")
func forcedLowThrottles() throws {
    let root = SimulatorRoot()
    let low = "# forced low\npoints:\n  - [30, 10%]\n  - [100, 10%]\n"
    let run = try SimulatedRun(root: root.path, profile: .stress, curve: "forced-low", curveText: low, seed: 3)
    var sawThermalBits = false, sawLowClock = false
    let telemetry = TelemetryReader(root: run.card.root)
    simulate(run, seconds: 3600) { sample in
        guard !sample.throttle.subtracting(.power).isEmpty else { return }
        let gpu = GPUDiscovery(root: run.card.root).scan()[0]
        let values = telemetry.read(gpu)
        if !values.throttleReasons.intersection(.thermal).isEmpty { sawThermalBits = true }
        if let current = values.sclkLevels?.currentMHz, current < 1725 { sawLowClock = true }
    }
    #expect(run.summary.thermalThrottleSeconds > 600)
    #expect(sawThermalBits)
    #expect(sawLowClock)
}

@Test("the same seed gives the same run")
func deterministic() throws {
    func trace(seed: UInt64) throws -> [String] {
        let root = SimulatorRoot()
        let run = try SimulatedRun(root: root.path, profile: .inference, curve: "mi50-blower-balanced", seed: seed)
        var lines: [String] = []
        simulate(run, seconds: 300) { lines.append($0.csvLine) }
        return lines
    }
    #expect(try trace(seed: 11) == trace(seed: 11))
    #expect(try trace(seed: 11) != trace(seed: 12))
}

@Test("a replayed power trace drives the card's power")
func traceReplay() throws {
    let trace = try PowerTrace.parse("time_s,power_w\n0,20\n60,20\n61,200\n300,200\n").get()
    let root = SimulatorRoot()
    let run = try SimulatedRun(root: root.path, profile: .trace(trace), curve: "mi50-blower-balanced")
    var powers: [Double: Double] = [:]
    simulate(run, seconds: 120) { powers[$0.time] = $0.power }
    #expect(abs((powers[30] ?? 0) - 20) < 1)
    #expect(abs((powers[100] ?? 0) - 200) < 1)
}

@Test("CSV traces: what is accepted and what is refused with its line", arguments: [
    ("0,20\n10,100\n", true, 0), ("# recorded\ntime,watts\n0,20\n", true, 0),
    ("0,20\n10,abc\n", false, 2), ("10,20\n5,30\n", false, 2), ("0,-5\n", false, 1), ("", false, 1),
])
func traceParsing(text: String, accepted: Bool, line: Int) {
    switch PowerTrace.parse(text) {
    case .success: #expect(accepted)
    case .failure(let error):
        #expect(!accepted)
        #expect(error.line == line)
    }
}

@Test("fault specifications", arguments: [
    ("junction-vanishes@300s-360s", ScheduledFault(.sensorVanishes(.junction), start: 300, end: 360) as ScheduledFault?),
    ("mem-empty@5m", ScheduledFault(.sensorEmpty(.mem), start: 300)), ("fan-stalls@10", ScheduledFault(.fanStalls, start: 10)),
    ("hwmon-renumbers@1h", ScheduledFault(.hwmonRenumbers, start: 3600)),
    ("junction-melts@1s", nil), ("fan-stalls", nil), ("fan-stalls@20s-10s", nil),
])
func faultParsing(text: String, fault: ScheduledFault?) {
    #expect(ScheduledFault.parse(text) == fault)
}

@Test("the control loop keeps its sensor files open from tick to tick")
func loopKeepsSensorFilesOpen() throws {
    let root = SimulatorRoot()
    let run = try SimulatedRun(root: root.path, profile: .idle, curve: "mi50-blower-balanced", seed: 3)
    run.step()
    let first = run.loop.tick(now: Timestamp(seconds: run.card.time + 1))
    // Keep each old file linked under another name, so a kept descriptor has no reason to let
    // go of it, and put a different value at the path: only a file opened again would see it.
    let hwmon = root.path + "/" + (junctionFile as NSString).deletingLastPathComponent
    for name in ["temp2_input", "temp3_input"] {
        #expect(link(hwmon + "/" + name, hwmon + "/" + name + ".kept") == 0)
        try "99000\n".write(toFile: hwmon + "/" + name, atomically: true, encoding: .utf8)
    }
    let second = run.loop.tick(now: Timestamp(seconds: run.card.time + 2))
    #expect(first.readings.count == 3)   // junction, mem, and the power the junction is checked against
    #expect(Array(second.readings.prefix(2)) == first.readings.prefix(2).map { reading in
        if case .value(let value, _) = reading { return .value(value, at: Timestamp(seconds: run.card.time + 2)) }
        return reading
    })
    #expect(second.readings[2] == first.readings[2], "the power, needed only once the junction stands still, is not read again: its reading stands")
}

@Test("the summary counts duty changes per hour and reversals as the written duties show them")
func summaryCountsReversals() throws {
    let root = SimulatorRoot()
    // A steep curve without hysteresis hunts on the sensor's one-degree steps.
    let steep = "# steep\npoints:\n  - [40, 20%]\n  - [80, 100%]\n"
    let run = try SimulatedRun(root: root.path, profile: .inference, curve: "steep", curveText: steep, seed: 5)
    var written: [Duty] = []
    while run.card.time < 900 {
        let (_, report) = run.step()
        if report.wrote[0] { written.append(report.decisions[0].duty) }
    }
    var changes = 0, reversals = 0, lastRising: Bool?
    for (previous, next) in zip(written, written.dropFirst()) where next != previous {
        changes += 1
        let rising = next > previous
        if let lastRising, lastRising != rising { reversals += 1 }
        lastRising = rising
    }
    #expect(reversals > 0, "the steep curve should hunt")
    #expect(run.summary.dutyChanges == changes)
    #expect(run.summary.reversals == reversals)
    #expect(abs(run.summary.dutyChangesPerHour - Double(changes) * 3600 / run.summary.duration) < 1e-9)
    #expect(run.summary.text.contains("per hour, \(reversals) reversals"))
}

@Test("simulate's spike filter is the shipped config's: the same filter and hysteresis as docs/examples/config.yaml's blower")
func simulatedSpikeFilterIsShipped() throws {
    let root = SimulatorRoot()
    let run = try SimulatedRun(root: root.path, profile: .idle, curve: "mi50-blower-balanced", seed: 1, spikeFilter: true)
    let shippedPath = root.path + "/shipped/config.yaml"
    try FileManager.default.createDirectory(atPath: root.path + "/shipped", withIntermediateDirectories: true)
    try ShippedConfigExample.text.write(toFile: shippedPath, atomically: true, encoding: .utf8)
    let shipped = try ConfigLoader.load(path: shippedPath).get().plan.fans[0]
    let simulated = run.loop.loaded.plan.fans[0]
    #expect(simulated.hysteresis == shipped.hysteresis)
    #expect(simulated.spikeFilter?.rise == shipped.spikeFilter?.rise)
    #expect(simulated.spikeFilter?.fall == shipped.spikeFilter?.fall)
}

@Test("a spike filter on the edge with its hysteresis: a quarter of the duty changes or fewer over an hour of inference, a cooler mean junction, no throttling")
func spikeFilterOnTheSimulator() throws {
    let plainRoot = SimulatorRoot(), filteredRoot = SimulatorRoot()
    let plain = try SimulatedRun(root: plainRoot.path, profile: .inference, curve: "mi50-blower-balanced", seed: 3)
    let filtered = try SimulatedRun(root: filteredRoot.path, profile: .inference, curve: "mi50-blower-balanced", seed: 3,
                                    spikeFilter: true)
    #expect(filtered.loop.loaded.plan.fans[0].spikeFilter != nil)
    simulate(plain, seconds: 3600)
    simulate(filtered, seconds: 3600)
    // Large steps are what keep it quiet; on this light load they cost duty (docs/performance.md).
    #expect(filtered.summary.dutyChanges * 4 <= plain.summary.dutyChanges, "\(filtered.summary.dutyChanges) vs \(plain.summary.dutyChanges)")
    #expect(filtered.summary.meanJunction < plain.summary.meanJunction)
    #expect(filtered.summary.thermalThrottleSeconds == 0)
    #expect(filtered.summary.peakJunction < MI50Parameters().junctionLimit)
}
