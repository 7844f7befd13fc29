import ConfigFiles
import Foundation
import Hardware
import Service
import Simulator
import Testing

@Test("with the service stopped, the status is read from the hardware: the card's temperatures, limits and power cap as its files say, the fan's header duty and mode")
func hardwareStatusOfTheSimulator() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-hardware-status-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let machine = VirtualMI50Machine(root: root, cards: 1, profile: .idle, seed: 4)
    machine.build()
    machine.advance(by: 1)
    try SimulatedMachine.writeConfig(root: root, curve: "mi50-blower-balanced", curveText: nil)
    let loaded = try ConfigLoader.load(path: SimulatedMachine.configPath(root: root)).get()
    let layout = machine.cards[0].layout
    try "51000\n".write(toFile: layout.gpuHwmonPath + "/temp2_input", atomically: false, encoding: .utf8)
    try "102\n".write(toFile: layout.chipPath + "/pwm2", atomically: false, encoding: .utf8)
    try "1\n".write(toFile: layout.chipPath + "/pwm2_enable", atomically: false, encoding: .utf8)
    try "".write(toFile: layout.gpuHwmonPath + "/temp3_input", atomically: false, encoding: .utf8)   // amdgpu while the card resets

    let status = HardwareStatus.read(root: machine.root, loaded: loaded, configPath: "config.yaml")
    let card = try #require(status.cards.first)
    #expect(card.name == "mi50")
    #expect(card.temperatures["junction"] == 51)
    #expect(card.temperatures["mem"] == nil)
    #expect(card.faults["mem"] != nil, "a channel that cannot be read says why")
    #expect(status.faults.contains { $0.hasPrefix("mi50.mem: ") })
    // Its limits and telemetry as its files say.
    func fileValue(_ name: String) throws -> Double {
        try #require(Double(String(contentsOfFile: layout.gpuHwmonPath + "/" + name, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
    }
    #expect(card.critical["junction"] == (try fileValue("temp2_crit")) / 1000)
    #expect(card.emergency["junction"] == (try fileValue("temp2_emergency")) / 1000)
    #expect(card.powerCapWatts == (try fileValue("power1_cap")) / 1_000_000)
    #expect(card.pciSlot != nil)
    let fan = try #require(status.fans.first)
    #expect(fan.mode == "service not running")
    #expect(fan.dutyPercent == 40, "102 of 255")
    #expect(fan.why == "header mode manual")

    let unconfigured = HardwareStatus.read(root: machine.root, loaded: nil, configPath: "none")
    #expect(unconfigured.cards.map(\.name) == ["gpu"])
    #expect(unconfigured.fans.isEmpty)
}
