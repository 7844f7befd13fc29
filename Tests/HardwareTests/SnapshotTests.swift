import Foundation
@testable import Hardware
import Testing

/// An empty temporary directory, removed when dropped.
private final class ScratchDirectory {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-snapshot-\(UUID().uuidString)").path
    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// What discovery finds under a root, without the root's own path.
private func machine(_ root: SysfsRoot) -> [String] {
    let gpus = GPUDiscovery(root: root).scan().map { gpu in
        "\(gpu.pciSlot) \(gpu.pciID) \(gpu.hwmonName ?? "-") \(gpu.cardName ?? "-") \(gpu.driver ?? "-") "
            + gpu.temperatures.map { "\($0.label):\(String(describing: $0.critical)):\(String(describing: $0.emergency))" }.joined(separator: ",")
    }
    let chips = HwmonDiscovery(root: root).scan().map { "\($0.name) \($0.device ?? "-") \($0.pwmChannels) \($0.fanInputs)" }
    let gpio = GPIODiscovery(root: root).scan().map { "\($0.name) \($0.label) \($0.lines)" }
    let pwm = PWMChipDiscovery(root: root).scan().map { "\($0.name) \($0.device) \($0.channels)" }
    return gpus + chips + gpio + pwm
}

@Test("a snapshot of the two-card fixture finds the same cards, chips and headers, without serials or unique ids")
func snapshotOfFixture() throws {
    let fixture = try FixtureRoot()
    let snapshot = SysfsSnapshot.capture(root: fixture.root)
    #expect(snapshot.cards == ["0000:0b:00.0", "0000:44:00.0"])
    #expect(snapshot.chips == ["amdgpu (hwmon0)", "amdgpu (hwmon1)", "nct6798 (hwmon2)", "gpiochip512", "pwmchip0"])
    #expect(snapshot.removed.map(SysfsRoot.lastComponent).sorted() == ["serial_number", "unique_id"])
    #expect(snapshot.unreadable.isEmpty)
    #expect(!snapshot.members.keys.contains { $0.hasSuffix("/unique_id") || $0.hasSuffix("/serial_number") })
    let copy = try ScratchDirectory()
    try snapshot.write(to: copy.path)
    #expect(machine(SysfsRoot(copy.path)) == machine(fixture.root))
    #expect(machine(SysfsRoot(copy.path)).count == 7)
    let metrics = "sys/bus/pci/devices/0000:44:00.0/gpu_metrics"
    #expect(try Data(contentsOf: URL(fileURLWithPath: copy.path + "/" + metrics)) == Data(contentsOf: URL(fileURLWithPath: fixture.path + "/" + metrics)))
}

@Test("class and bus entries are relative links into devices/, as sysfs has them; hwmon device links point at the parent")
func snapshotLinksAsSysfs() throws {
    let fixture = try FixtureRoot()
    let snapshot = SysfsSnapshot.capture(root: fixture.root)
    #expect(snapshot.members["sys/class/hwmon/hwmon1"] == .link("../../devices/pci0000:40/0000:40:03.1/0000:44:00.0/hwmon/hwmon1"))
    #expect(snapshot.members["sys/class/drm/card1"] == .link("../../devices/pci0000:40/0000:40:03.1/0000:44:00.0/drm/card1"))
    #expect(snapshot.members["sys/bus/pci/devices/0000:44:00.0"] == .link("../../../devices/pci0000:40/0000:40:03.1/0000:44:00.0"))
    #expect(snapshot.members[mi50Hwmon + "/device"] == .link("../../../0000:44:00.0"))
    #expect(snapshot.members[nctHwmon + "/device"] == .link("../../../nct6775.656"))
    #expect(snapshot.members["sys/devices/platform/nct6775.656"] == .directory)
    let copy = try ScratchDirectory()
    try snapshot.write(to: copy.path)
    let attributes = try FileManager.default.attributesOfItem(atPath: copy.path + "/sys/class/hwmon/hwmon2")
    #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
}

@Test("an attribute that cannot be read is kept empty (unknown) and reported; other files of the card stay out")
func snapshotUnreadableAttribute() throws {
    let fixture = try FixtureRoot()
    let input = fixture.path + "/" + mi50Hwmon + "/temp1_input"
    try FileManager.default.removeItem(atPath: input)
    try FileManager.default.createSymbolicLink(atPath: input, withDestinationPath: "nowhere")
    try fixture.write("sys/devices/" + mi50Device + "/private_notes", "not an attribute mi50fan reads\n")
    let snapshot = SysfsSnapshot.capture(root: fixture.root)
    #expect(snapshot.members[mi50Hwmon + "/temp1_input"] == .file([]))
    #expect(snapshot.unreadable.count == 1)
    #expect(snapshot.unreadable.first?.hasPrefix(mi50Hwmon + "/temp1_input") == true)
    #expect(snapshot.members["sys/devices/" + mi50Device + "/private_notes"] == nil)
    #expect(snapshot.note(version: "9.9").contains("unreadable (kept empty): " + mi50Hwmon + "/temp1_input"))
}

@Test("the tarball, extracted by tar, is the tree the snapshot writes, long names and link targets included")
func snapshotTarball() throws {
    let fixture = try FixtureRoot()
    let snapshot = SysfsSnapshot.capture(root: fixture.root)
    let scratch = try ScratchDirectory()
    let written = scratch.path + "/written", extracted = scratch.path + "/extracted"
    try FileManager.default.createDirectory(atPath: written, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: extracted, withIntermediateDirectories: true)
    try snapshot.write(to: written)
    try snapshot.writeArchive(to: scratch.path + "/snapshot.tar", version: "9.9")
    #expect(try run("/bin/tar", ["-xf", scratch.path + "/snapshot.tar", "-C", extracted]) == 0)
    let note = try String(contentsOfFile: extracted + "/snapshot.txt", encoding: .utf8)
    #expect(note.hasPrefix("mi50fan 9.9 sysfs snapshot\n"))
    try FileManager.default.removeItem(atPath: extracted + "/snapshot.txt")
    #expect(try run("/usr/bin/diff", ["-r", "--no-dereference", written, extracted]) == 0)

    var archive = TarArchive()
    let deep = "sys/" + String(repeating: "0000:0a:00.0/", count: 12) + "temp1_input"
    let target = String(repeating: "../", count: 40) + "devices"
    archive.add("sys", .directory)
    archive.add(deep, .file(Array("42000\n".utf8)))
    archive.add("sys/far", .link(target))
    let long = scratch.path + "/long"
    try FileManager.default.createDirectory(atPath: long, withIntermediateDirectories: true)
    try Data(archive.data).write(to: URL(fileURLWithPath: scratch.path + "/long.tar"))
    #expect(deep.utf8.count > 100 && target.utf8.count > 100)
    #expect(try run("/bin/tar", ["-xf", scratch.path + "/long.tar", "-C", long]) == 0)
    #expect(try String(contentsOfFile: long + "/" + deep, encoding: .utf8) == "42000\n")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: long + "/sys/far") == target)
}

@Test("link paths where the machine has none are written as the kernel writes them", arguments: [
    ("sys/class/hwmon", "sys/devices/platform/nct6775.656/hwmon/hwmon2", "../../devices/platform/nct6775.656/hwmon/hwmon2"),
    ("sys/devices/a/b/hwmon/hwmon1", "sys/devices/a/b", "../../../b"),
    ("sys/bus/pci/devices", "sys/devices/pci0000:40/0000:40:03.1/0000:44:00.0", "../../../devices/pci0000:40/0000:40:03.1/0000:44:00.0"),
])
func snapshotRelativePaths(from: String, to: String, expected: String) {
    #expect(SysfsSnapshot.relativePath(from: from, to: to) == expected)
    #expect(SysfsSnapshot.normalize(from + "/" + expected) == to)
}
