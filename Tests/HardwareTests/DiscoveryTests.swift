import FanControl
import Foundation
@testable import Hardware
import Testing

@Test("finds both cards by PCI slot with their hwmon and limits")
func gpuDiscovery() throws {
    let fixture = try FixtureRoot()
    let gpus = GPUDiscovery(root: fixture.root).scan()
    #expect(gpus.map(\.pciSlot) == ["0000:0b:00.0", "0000:44:00.0"])
    let mi50 = try #require(gpus.last)
    #expect(mi50.pciID == "1002:66a1")
    #expect(mi50.isVega20)
    #expect(mi50.model == "AMD Instinct MI50/MI60 (Vega20)")
    #expect(mi50.driver == "amdgpu")
    #expect(mi50.cardName == "card1")
    #expect(mi50.hwmonName == "hwmon1")
    #expect(mi50.temperatures.map(\.label) == ["edge", "junction", "mem"])
    #expect(mi50.temperature("junction")?.critical == Temperature(celsius: 110))
    #expect(mi50.temperature("junction")?.emergency == Temperature(celsius: 115))
    #expect(mi50.temperature("mem")?.critical == Temperature(celsius: 95))
    #expect(gpus.first?.pciID == "1002:687f")
}

@Test("the same config finds the same devices after hwmon and card numbers change")
func renumbered() throws {
    let fixture = try FixtureRoot()
    let before = GPUDiscovery(root: fixture.root).scan()
    let reader = SysfsSensorReader(root: fixture.root)
    let junctionBefore = try reader.read(.junction, of: try GPUDiscovery.find(.pciSlot("0000:44:00.0"), in: before).get()).get()
    let chipsBefore = HwmonDiscovery(root: fixture.root).scan()
    try fixture.renumber(device: mi50Device, hwmon: ("hwmon1", "hwmon9"), card: ("card1", "card4"))
    try fixture.renumber(device: "platform/nct6775.656", hwmon: ("hwmon2", "hwmon0x"), card: nil)
    let after = GPUDiscovery(root: fixture.root).scan()
    let chipsAfter = HwmonDiscovery(root: fixture.root).scan()
    for match in [GPUMatch.pciSlot("0000:44:00.0"), .pciID(vendor: 0x1002, device: 0x66a1, index: 0)] {
        let old = try GPUDiscovery.find(match, in: before).get()
        let new = try GPUDiscovery.find(match, in: after).get()
        #expect(old.pciSlot == new.pciSlot)
        #expect(new.hwmonName == "hwmon9")
        #expect(new.cardName == "card4")
        #expect(try reader.read(.junction, of: new).get() == junctionBefore)
        #expect(reader.read(.junction, of: old).failure == .missing, "the old hwmon path is gone")
    }
    let oldChip = try HwmonDiscovery.find(name: "nct6798", device: nil, in: chipsBefore).get()
    let newChip = try HwmonDiscovery.find(name: "nct6798", device: "nct6775.656", in: chipsAfter).get()
    #expect(oldChip.device == newChip.device)
    #expect(newChip.hwmonName == "hwmon0x")
}

@Test("a card that is not there is an error naming what was found and what to do")
func missingGPU() throws {
    let fixture = try FixtureRoot()
    let gpus = GPUDiscovery(root: fixture.root).scan()
    let error = try #require(GPUDiscovery.find(.pciSlot("0000:03:00.0"), in: gpus).failure)
    #expect(error.description == "no amdgpu device at PCI slot 0000:03:00.0 (found: 0000:0b:00.0, 0000:44:00.0); `mi50fan detect` lists the cards this machine has")
    #expect(GPUDiscovery.find(.pciID(vendor: 0x1002, device: 0x66a1, index: 1), in: gpus).failure != nil)
}

@Test("hwmon chips: the Super I/O chip with its headers and fans, the GPUs' own chips marked")
func hwmonDiscovery() throws {
    let fixture = try FixtureRoot()
    let chips = HwmonDiscovery(root: fixture.root).scan()
    #expect(chips.map(\.name) == ["amdgpu", "amdgpu", "nct6798"])
    let nct = try #require(chips.first { $0.name == "nct6798" })
    #expect(nct.device == "platform/nct6775.656")
    #expect(nct.pwmChannels == [1, 2, 3, 4, 5])
    #expect(nct.fanInputs == [1, 2, 3, 4, 5])
    #expect(!nct.isGPU)
    #expect(chips.filter(\.isGPU).count == 2)
    let error = try #require(HwmonDiscovery.find(name: "it8688", device: nil, in: chips).failure)
    #expect(error.description.contains("found: nct6798 (platform/nct6775.656)"))
    #expect(error.description.contains("modprobe nct6775"))
}

@Test("GPIO and sysfs PWM chips are listed by label and device")
func otherChips() throws {
    let fixture = try FixtureRoot()
    let gpio = GPIODiscovery(root: fixture.root).scan()
    #expect(gpio == [GPIOChipInfo(name: "gpiochip0", label: "fake-fan-gpio", lines: 8, devicePath: fixture.path + "/dev/gpiochip0")])
    let pwm = PWMChipDiscovery(root: fixture.root).scan()
    #expect(pwm.map(\.device) == ["1c21400.pwm"])
    #expect(pwm.first?.channels == 2)
    #expect(try GPIODiscovery.find("gpiochip0", in: gpio).get().label == "fake-fan-gpio")
    #expect(GPIODiscovery.find("nope", in: gpio).failure != nil)
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
