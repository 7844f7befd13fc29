import Foundation
import Testing
import TestSupport

/// `detect --json` run under the fake-sysfs namespace, so libsensors itself reads the fixture.
private func detectUnderFakeSysfs(sensorsConf: String? = nil) throws -> CommandResult? {
    let fixture = repositoryRoot.appendingPathComponent("Tests/Fixtures/two-gpus-nct6798").path
    let script = repositoryRoot.appendingPathComponent("Tests/Support/in-fake-sysfs.sh").path
    var arguments = [script, fixture]
    if let sensorsConf { arguments.append(sensorsConf) }
    arguments += ["--", mi50fanBinary.path, "detect", "--json", "--libsensors"]
    let result = try runTool("/bin/sh", arguments)
    if result.status == 77 {
        Issue.record("libsensors needs a mount namespace, and none can be made here: \(result.stderr)")
        return nil
    }
    return result
}

private struct Inventory: Decodable {
    struct Card: Decodable {
        struct Channel: Decodable { var label: String; var celsius: Double? }
        var pciSlot: String
        var temperatures: [Channel]
        var libsensors: [String: Double]?
    }
    var cards: [Card]
}

@Test("libsensors, run for real on the fixture, agrees with the direct sysfs reader on every card",
      .enabled(if: MachineRequirement.runs(MachineRequirement.mountNamespace), "no mount namespace here for the fake /sys"))
func libsensorsAgreesWithSysfs() throws {
    guard let result = try detectUnderFakeSysfs() else { return }
    #expect(result.status == 0, "\(result.stderr)")
    let underNamespace = try JSONDecoder().decode(Inventory.self, from: Data(result.stdout.utf8))
    let direct = try runMI50Fan(["detect", "--json", "--root", repositoryRoot.appendingPathComponent("Tests/Fixtures/two-gpus-nct6798").path])
    let fromFixture = try JSONDecoder().decode(Inventory.self, from: Data(direct.stdout.utf8))
    #expect(underNamespace.cards.count == 2)
    for card in underNamespace.cards {
        let libsensors = try #require(card.libsensors, "libsensors found no chip for \(card.pciSlot)")
        let sysfs = try #require(fromFixture.cards.first { $0.pciSlot == card.pciSlot })
        #expect(libsensors.count == 3)
        for channel in sysfs.temperatures {
            #expect(libsensors[channel.label] == channel.celsius, "\(card.pciSlot) \(channel.label)")
        }
    }
}

@Test("a sensors.conf label applies to what libsensors reports",
      .enabled(if: MachineRequirement.runs(MachineRequirement.mountNamespace), "no mount namespace here for the fake /sys"))
func sensorsConfLabels() throws {
    let conf = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-\(UUID().uuidString).conf").path
    try "chip \"amdgpu-pci-4400\"\n    label temp2 \"hotspot\"\n".write(toFile: conf, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: conf) }
    guard let result = try detectUnderFakeSysfs(sensorsConf: conf) else { return }
    let inventory = try JSONDecoder().decode(Inventory.self, from: Data(result.stdout.utf8))
    let mi50 = try #require(inventory.cards.first { $0.pciSlot == "0000:44:00.0" })
    #expect(mi50.libsensors?["hotspot"] == 46)
    #expect(mi50.libsensors?["junction"] == nil)
    let vega = try #require(inventory.cards.first { $0.pciSlot == "0000:0b:00.0" })
    #expect(vega.libsensors?["junction"] == 38, "the other chip keeps its own labels")
}
