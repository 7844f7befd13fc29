import ConfigFiles
import FanControl
import Foundation
import Hardware
import Service
import Simulator
import Testing

/// A virtual MI50 whose config names its one header twice: once by chip, once by chip and device.
private func machineWithHeaderNamedTwice() throws -> (VirtualMI50Machine, LoadedConfig) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-owner-\(UUID().uuidString)").path
    let machine = VirtualMI50Machine(root: root, cards: 1, profile: .idle, seed: 3)
    machine.build()
    machine.advance(by: 1)
    try SimulatedMachine.writeConfig(root: root, curve: "mi50-blower-balanced", curveText: nil)
    let path = SimulatedMachine.configPath(root: root)
    let second = """
          - name: second
            output:
              hwmon: {chip: \(SimulatedLayout.chipName), device: platform/nct6775.656, pwm: \(SimulatedLayout.fanHeader)}
            curve: mi50-blower-quiet
            sensors: [mi50.edge]

        """
    try (String(contentsOfFile: path, encoding: .utf8) + second).write(toFile: path, atomically: true, encoding: .utf8)
    return (machine, try ConfigLoader.load(path: path).get())
}

@Test("two fan entries on one header: found before start, and the daemon's loop lets only the first drive it")
func oneOwnerPerHeader() throws {
    let (machine, loaded) = try machineWithHeaderNamedTwice()
    defer { try? FileManager.default.removeItem(atPath: machine.rootPath) }
    let conflicts = OutputOwnership.conflicts(in: loaded.config, root: machine.root)
    #expect(conflicts.count == 1)
    #expect(conflicts.first?.message.contains("fans blower and second both drive nct6798") == true)
    #expect(conflicts.first?.location == loaded.config.fans[1].outputLocation, "reported at the second fan's output")
    let lines = try String(contentsOfFile: loaded.config.fans[1].location.file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    let location = try #require(conflicts.first?.location)
    #expect(lines[location.line - 1].dropFirst(location.column - 1).hasPrefix("output:"), "the location points at `output:`")

    let loop = ControlLoop(loaded: loaded, root: machine.root, readClock: { 0 })
    let events = loop.start()
    #expect(events.contains { $0.message.contains("fan second (\(loaded.config.fans[1].outputLocation)):") && $0.message.contains("already driven by fan blower") })
    #expect(loop.outputIdentities[0] != nil)
    #expect(loop.outputIdentities[1] == nil, "the second entry gets no output")
    #expect(loop.outputRecords.count == 1, "one record for one header")
    _ = loop.release()
}

@Test("a header another process holds is refused (a second daemon with another state directory)")
func claimedHeader() throws {
    let (machine, loaded) = try machineWithHeaderNamedTwice()
    defer { try? FileManager.default.removeItem(atPath: machine.rootPath) }
    let first = ControlLoop(loaded: loaded, root: machine.root, readClock: { 0 })
    _ = first.start()
    let chip = try HwmonDiscovery.find(name: SimulatedLayout.chipName, device: nil, in: HwmonDiscovery(root: machine.root).scan()).get()
    let intruder = HwmonPWMOutput(root: machine.root, chip: chip, index: SimulatedLayout.fanHeader)
    #expect(throws: OutputError.self) { try intruder.takeControl() }
    _ = first.release()
    try intruder.takeControl()
    try intruder.release()
}
