import FanControl
import Foundation
import Hardware
@testable import Simulator
import Testing

/// Calibrates the virtual card's blower in process, the simulator's clock standing in for the
/// wall clock: `wait` advances the machine.
private func calibrateSimulator(settling: TachSettling, step: Double = 0.05) async throws -> (CalibrationResult, Double) {
    let directory = SimulatorRoot()
    let machine = VirtualMI50Machine(root: directory.path, cards: 1, profile: .idle)
    machine.build()
    machine.advance(by: 5)
    let chip = try #require(HwmonDiscovery(root: machine.root).scan().first { $0.name == SimulatedLayout.chipName })
    let output = HwmonPWMOutput(root: machine.root, chip: chip, index: SimulatedLayout.fanHeader)
    try output.takeControl()
    let tach = TachReader(root: machine.root, chip: chip, index: SimulatedLayout.fanHeader)
    let procedure = FanCalibration(
        tachs: [SimulatedLayout.fanHeader], setDuty: { try output.write($0) },
        readRPM: { (try? tach.rpm().get()).map { [SimulatedLayout.fanHeader: $0] } ?? [:] },
        wait: { machine.advance(by: $0) })
    let result = try await procedure.run(step: step, settling: settling)
    return (result, machine.time)
}

/// The duty on a grid of `step` at or above `fraction`.
private func gridDuty(atLeast fraction: Double, step: Double) -> Double { (fraction / step - 1e-9).rounded(.up) * step }

@Test("calibrate with its defaults finds the simulated fan's stop and start duty: it waits for the tach to settle")
func calibrateSimulatorWithDefaults() async throws {
    let parameters = MI50Parameters()
    let (result, _) = try await calibrateSimulator(settling: TachSettling(maximum: 30))
    #expect(result.tach == SimulatedLayout.fanHeader)
    let stop = try #require(result.stopDuty, "the fan was seen to stop")
    #expect(abs(stop.fraction - gridDuty(atLeast: parameters.fanStopDuty, step: 0.05)) < 1e-9)
    let start = try #require(result.startDuty)
    #expect(abs(start.fraction - gridDuty(atLeast: parameters.fanStartDuty, step: 0.05)) < 1e-9)
    #expect(result.unsettledSteps == 0)
}

@Test("a fixed short wait reads a coasting fan as running: the stop duty it finds is wrong")
func fixedWaitMisreadsCoastingFan() async throws {
    // The old procedure: read the tach after a fixed 4 s, whatever it shows.
    let (result, _) = try await calibrateSimulator(settling: TachSettling(maximum: 4, window: 60))
    let right = gridDuty(atLeast: MI50Parameters().fanStopDuty, step: 0.05)
    #expect(result.stopDuty.map { abs($0.fraction - right) > 1e-9 } ?? true)
    #expect(result.unsettledSteps > 0)
}

@Test("settled means steady over the window within the tolerance; a decaying reading is not", arguments: [
    ([1000, 1000, 1001, 999, 1000, 1000, 1000], true),
    ([0, 0, 0, 0, 0, 0, 0], true),
    ([300, 255, 217, 184, 157, 133, 113], false),
    ([1000, 1000, 1000], false),
])
func tachSettling(rpm: [Int], settled: Bool) {
    let settling = TachSettling(maximum: 30)
    let readings = rpm.enumerated().map { (time: Double($0.offset + 1) * settling.interval, rpm: $0.element) }
    #expect(settling.isSettled(readings) == settled)
}

@Test("the wait at each step is bounded by the maximum")
func settlingIsBounded() async throws {
    var waited = 0.0
    let procedure = FanCalibration(tachs: [1], setDuty: { _ in }, readRPM: { [1: Int.random(in: 1000...3000)] },
                                   wait: { waited += $0 })
    let result = try await procedure.run(step: 0.5, settling: TachSettling(maximum: 2))
    #expect(result.unsettledSteps == result.steps.count)
    #expect(waited <= 2 * Double(result.steps.count) + 1e-9)
}
