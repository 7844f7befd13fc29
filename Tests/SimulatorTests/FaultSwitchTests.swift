import FanControl
import Foundation
import Hardware
import Service
@testable import Simulator
import SimulationHarness
import Testing

private func run(_ faults: [ScheduledFault], seconds: Double = 120, profile: LoadProfile = .inference) throws -> (SimulatedRun, [TickReport], SimulatorRoot) {
    let root = SimulatorRoot()
    let run = try SimulatedRun(root: root.path, profile: profile, curve: "mi50-blower-balanced", seed: 5, faults: faults)
    var reports: [TickReport] = []
    while run.card.time < seconds { reports.append(run.step().1) }
    return (run, reports, root)
}

private func report(at time: Double, in reports: [TickReport]) -> TickReport {
    reports.first { $0.time.seconds == time }!
}

@Test("a vanished junction file: fail-safe on the first tick, back on the curve after it returns")
func sensorVanishes() throws {
    let (_, reports, _) = try run([ScheduledFault(.sensorVanishes(.junction), start: 60, end: 80)])
    #expect(!report(at: 59, in: reports).decisions[0].notes.contains(.failSafe))
    let first = report(at: 60, in: reports)
    #expect(first.decisions[0].notes.contains(.failSafe))
    #expect(first.decisions[0].duty == .full)
    #expect(first.readings[0] == .fault(.missing))
    #expect(first.events.contains { $0.message.contains("fail-safe") })
    #expect(!report(at: 90, in: reports).decisions[0].notes.contains(.failSafe))
}

@Test("an empty junction file reads as unknown, never 0")
func sensorEmpty() throws {
    let (_, reports, _) = try run([ScheduledFault(.sensorEmpty(.junction), start: 30, end: 40)])
    #expect(report(at: 31, in: reports).readings[0] == .fault(.empty))
    #expect(report(at: 31, in: reports).decisions[0].duty == .full)
}

@Test("a frozen junction holds one value while the card's state changes")
func sensorFrozen() throws {
    let (_, reports, _) = try run([ScheduledFault(.sensorFrozen(.junction), start: 10)], seconds: 100)
    let values = reports.filter { $0.time.seconds > 10 }.compactMap { report -> Double? in
        if case .value(let value, _) = report.readings[0] { return value }
        return nil
    }
    #expect(Set(values).count == 1)
    #expect(values.count == 90)
}

@Test("a jumping junction reads 40 °C hotter and the fan follows at once")
func sensorJumps() throws {
    let (run, reports, _) = try run([ScheduledFault(.sensorJumps(.junction, 40), start: 50, end: 51)])
    _ = run
    guard case .value(let before, _) = report(at: 49, in: reports).readings[0],
          case .value(let during, _) = report(at: 50, in: reports).readings[0] else {
        Issue.record("junction unreadable")
        return
    }
    #expect(during - before > 30)
    #expect(report(at: 50, in: reports).decisions[0].duty > report(at: 49, in: reports).decisions[0].duty)
}

@Test("firmware taking the header back is noticed at the next read-back (every fifth tick at 1 s) and undone at once")
func firmwareTakesPWM() throws {
    let (_, reports, root) = try run([ScheduledFault(.firmwareTakesPWM, start: 40)])
    #expect(!report(at: 40, in: reports).events.contains { $0.message.contains("mode changed") })
    let checkEvery = ControlLoop.checkEvery(interval: TimeSpan(seconds: 1))
    let noticed = reports.first { $0.time.seconds > 40 && $0.events.contains { $0.message.contains("mode changed to 5") } }
    #expect(noticed != nil)
    if let noticed {
        #expect(noticed.time.seconds <= 40 + Double(checkEvery), "within one read-back interval")
        #expect(noticed.wrote[0], "the duty is written again at once")
    }
    #expect(root.read(headerEnable)?.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
}

@Test("a held output is read back every fifth tick and at least every 5 s", arguments: [
    (0.1, 5), (1.0, 5), (2.0, 2), (5.0, 1), (30.0, 1),
])
func readBackInterval(seconds: Double, ticks: Int) {
    #expect(ControlLoop.checkEvery(interval: TimeSpan(seconds: seconds)) == ticks)
}

@Test("a GPU reset that renumbers hwmon is followed without a restart and without a lasting fault")
func hwmonRenumbers() throws {
    let (run, reports, root) = try run([ScheduledFault(.hwmonRenumbers, start: 30)])
    #expect(run.card.layout.gpuHwmon == "hwmon8")
    #expect(root.read(junctionFile) == nil)
    #expect(reports.filter { $0.time.seconds >= 30 }.allSatisfy { report in
        if case .value = report.readings[0] { return true }
        return false
    })
}

@Test("a stalled fan is reported after its stall ticks, and the tach reads 0")
func fanStalls() throws {
    // Under full load the fan runs above its start duty, where 0 RPM means a stall.
    let (run, reports, _) = try run([ScheduledFault(.fanStalls, start: 300, end: 330)], seconds: 360, profile: .stress)
    #expect(report(at: 299, in: reports).decisions[0].duty > Duty(percent: 40))
    #expect(!report(at: 303, in: reports).stalled[0])
    #expect(report(at: 306, in: reports).stalled[0])
    #expect(report(at: 306, in: reports).rpm[0] == 0)
    #expect(reports.contains { $0.events.contains { $0.message.contains("stalled") } })
    #expect(run.summary.stallEvents == 1)
    #expect(!report(at: 350, in: reports).stalled[0])
}
