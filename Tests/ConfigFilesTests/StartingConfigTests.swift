import ConfigFiles
import FanControl
import Foundation
import Hardware
import Testing

/// The committed two-MI50 fixture with its Super I/O chip (scanned, never written).
private let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/two-gpus-nct6798").path

@Test("the starting config for a scanned machine names its cards by slot and loads without a problem")
func startingConfigLoads() throws {
    let inventory = MachineInventory.scan(root: SysfsRoot(fixture), libsensors: nil)
    let text = StartingConfig.yaml(for: inventory)
    for card in inventory.cards where card.pciID.hasPrefix("1002:") { #expect(text.contains("pci_slot: \"\(card.pciSlot)\"")) }
    let directory = try TemporaryDirectory()
    try directory.write("config.yaml", text)
    let loaded = try ConfigLoader.load(path: directory.path + "/config.yaml").get()
    #expect(loaded.config.gpus.map(\.name) == ["gpu0", "gpu1"])
    #expect(loaded.config.fans.map(\.name) == ["gpu-fan"])
    #expect(loaded.config.fans[0].inputs.flatMap(\.sensors) == ["gpu0.junction", "gpu0.mem", "gpu1.junction", "gpu1.mem"])
}

@Test("with no card and no fan chip found, the starting config says what to edit")
func startingConfigEmptyMachine() throws {
    let empty = try TemporaryDirectory()
    let text = StartingConfig.yaml(for: MachineInventory.scan(root: SysfsRoot(empty.path), libsensors: nil))
    #expect(text.contains("no card found: edit this"))
    #expect(text.contains("hwmon: {chip: CHANGE-ME, pwm: 1}"))
}
