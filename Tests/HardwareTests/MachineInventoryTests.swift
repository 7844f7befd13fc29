import Foundation
import Hardware
import Testing

@Test("the inventory of the two-card fixture: both cards with their temperatures, the Super I/O chip's headers with mode and RPM, GPIO and PWM chips")
func inventoryOfFixture() throws {
    let fixture = try FixtureRoot()
    let inventory = MachineInventory.scan(root: fixture.root, libsensors: nil)
    #expect(inventory.cards.count == 2)
    let first = try #require(inventory.cards.first)
    #expect(Set(first.temperatures.map(\.label)).isSuperset(of: ["edge", "junction", "mem"]))
    #expect(first.temperatures.allSatisfy { $0.celsius != nil || $0.fault != nil }, "every channel has a value or says why not")
    #expect(inventory.chips.map(\.name) == ["nct6798"], "the GPUs' own hwmon chips are not fan chips")
    let headers = try #require(inventory.chips.first?.outputs)
    #expect(headers.map(\.pwm) == [1, 2, 3, 4, 5])
    // The header's mode as the fixture has it, in words.
    let mode = Int(try fixture.read("sys/devices/platform/nct6775.656/hwmon/hwmon2/pwm2_enable"))
    #expect(headers[1].mode == mode)
    #expect(headers[1].modeName == MachineInventory.modeName(mode))
    #expect(inventory.gpioChips.map(\.label) == ["fake-fan-gpio"])
    #expect(inventory.pwmChips.map(\.channels) == [2])
}

@Test("pwm_enable in words, as the hwmon ABI defines it", arguments: [(0, "full speed"), (1, "manual"), (2, "automatic (2)"), (5, "automatic (5)")])
func modeNames(_ mode: Int, _ name: String) {
    #expect(MachineInventory.modeName(mode) == name)
    #expect(MachineInventory.modeName(nil) == "unknown")
}
