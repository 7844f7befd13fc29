import ConfigFiles
import FanControl
import Foundation
import Hardware
import Testing

/// The committed two-MI50 fixture with its Super I/O chip (scanned, never written).
private let fixture = FixtureRoot.fixtures.appendingPathComponent("two-gpus-nct6798").path

@Test("the starting config for a scanned machine names its cards by slot and loads without a problem")
func startingConfigLoads() throws {
    let inventory = MachineInventory.scan(root: SysfsRoot(fixture), libsensors: nil)
    let text = StartingConfig.yaml(for: inventory)
    for card in inventory.cards where card.pciID.hasPrefix("1002:") { #expect(text.contains("pci_slot: \"\(card.pciSlot)\"")) }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-start-\(UUID().uuidString).yaml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let loaded = try ConfigLoader.load(path: path).get()
    #expect(loaded.config.gpus.map(\.name) == ["gpu0", "gpu1"])
    #expect(loaded.config.fans.map(\.name) == ["gpu-fan"])
    #expect(loaded.config.fans[0].inputs.flatMap(\.sensors) == ["gpu0.junction", "gpu0.mem", "gpu1.junction", "gpu1.mem"])
}

@Test("with no card and no fan chip found, the starting config says what to edit")
func startingConfigEmptyMachine() throws {
    let empty = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-empty-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: empty) }
    let text = StartingConfig.yaml(for: MachineInventory.scan(root: SysfsRoot(empty), libsensors: nil))
    #expect(text.contains("no card found: edit this"))
    #expect(text.contains("hwmon: {chip: CHANGE-ME, pwm: 1}"))
}
