import ConfigFiles
import FanControl
import Foundation
import Calibration
import Hardware
@testable import Simulator
import Testing

/// The virtual card at idle with its config; `junction` (°C) and `busy` (%) override its files.
private func preparedMachine(junction: Int? = nil, busy: Int? = nil) throws -> (SimulatorRoot, VirtualMI50Machine, Config) {
    let directory = SimulatorRoot()
    let machine = VirtualMI50Machine(root: directory.path, cards: 1, profile: .idle)
    machine.build()
    machine.advance(by: 5)
    try SimulatedMachine.writeConfig(root: directory.path, curve: "mi50-blower-balanced", curveText: nil)
    let config = try ConfigLoader.load(path: SimulatedMachine.configPath(root: directory.path)).get().config
    let layout = machine.cards[0].layout
    if let junction { try "\(junction * 1000)\n".write(toFile: layout.gpuHwmonPath + "/temp2_input", atomically: false, encoding: .utf8) }
    if let busy { try "\(busy)\n".write(toFile: layout.gpuPath + "/gpu_busy_percent", atomically: false, encoding: .utf8) }
    return (directory, machine, config)
}

@Test("calibration is refused while a card the fan cools is hot or busy: it stops the fan", arguments: [(70, nil), (nil, 90)] as [(Int?, Int?)])
func calibrationRefusedHotOrBusy(_ junction: Int?, _ busy: Int?) throws {
    let (directory, machine, config) = try preparedMachine(junction: junction, busy: busy)
    defer { withExtendedLifetime(directory) {} }
    #expect(throws: CalibrationRefusal.self) {
        try CalibrationSession.prepare(root: machine.root, config: config, fan: config.fans[0], maxJunction: 60, progress: { _ in })
    }
}

@Test("a prepared calibration finds the header and its tach, and restore puts the header's value and mode back")
func calibrationRestoresHeader() throws {
    let (directory, machine, config) = try preparedMachine()
    let chip = machine.cards[0].layout.chipPath
    try "1\n".write(toFile: chip + "/pwm2_enable", atomically: false, encoding: .utf8)
    try "140\n".write(toFile: chip + "/pwm2", atomically: false, encoding: .utf8)
    let session = try CalibrationSession.prepare(root: machine.root, config: config, fan: config.fans[0], maxJunction: 60, progress: { _ in })
    #expect(session.originalValue == 140 && session.originalMode == 1)
    #expect(session.tachs.map(\.index) == [SimulatedLayout.fanHeader])
    try session.output.takeControl()
    try session.output.write(.off)
    session.restore()
    let value = try String(contentsOfFile: chip + "/pwm2", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    let mode = try String(contentsOfFile: chip + "/pwm2_enable", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(value == "140" && mode == "1")
    withExtendedLifetime(directory) {}
}
