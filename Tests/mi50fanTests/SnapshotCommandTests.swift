import Foundation
@testable import Simulator
import Testing

private let addFixture = repositoryRoot.appendingPathComponent("Tests/Support/add-snapshot-fixture.sh").path

/// A scratch directory, removed when dropped.
private final class Scratch {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-snapshot-cli-\(UUID().uuidString)").path
    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Test("snapshot round trip: the simulator's tree -> tarball -> fixture -> `detect --root` shows the same cards and headers")
func snapshotRoundTrip() throws {
    let scratch = try Scratch()
    let machine = VirtualMI50Machine(root: scratch.path + "/machine", cards: 3, profile: .inference, seed: 6)
    machine.build()
    machine.advance(by: 30)
    let tarball = scratch.path + "/snapshot.tar"
    let snapshot = try runMI50Fan(["snapshot", "--root", machine.rootPath, "--output", tarball])
    #expect(snapshot.status == 0, "\(snapshot.stderr)")
    #expect(snapshot.stdout.contains("cards: 0000:44:00.0, 0000:54:00.0, 0000:64:00.0"), "\(snapshot.stdout)")
    #expect(snapshot.stdout.contains("unique_id"), "says what it left out")

    let added = try runTool("/bin/sh", [addFixture, tarball, "sim-three-cards", scratch.path + "/fixtures"])
    #expect(added.status == 0, "\(added.stderr)")
    let fixture = scratch.path + "/fixtures/sim-three-cards"
    let original = try runMI50Fan(["detect", "--json", "--root", machine.rootPath])
    let copy = try runMI50Fan(["detect", "--json", "--root", fixture])
    #expect(original.status == 0 && copy.status == 0)
    #expect(copy.stdout == original.stdout)
    let inventory = try #require(try JSONSerialization.jsonObject(with: Data(copy.stdout.utf8)) as? [String: Any])
    #expect((inventory["cards"] as? [[String: Any]])?.count == 3)
    let chip = (inventory["chips"] as? [[String: Any]])?.first { $0["name"] as? String == "nct6798" }
    #expect((chip?["outputs"] as? [Any])?.count == 4, "the chip's four headers")

    let found = FileManager.default.enumerator(atPath: fixture)?.compactMap { $0 as? String } ?? []
    #expect(!found.contains { $0.hasSuffix("unique_id") || $0.hasSuffix("serial_number") })
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: fixture + "/sys/class/hwmon/hwmon2") == "../../devices/platform/nct6775.656/hwmon/hwmon2")
}

@Test("a tarball whose links lead out of the fixture is refused and leaves nothing behind")
func snapshotFixtureRefusesEscapingLinks() throws {
    let scratch = try Scratch()
    try FileManager.default.createDirectory(atPath: scratch.path + "/bad/sys/class", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: scratch.path + "/bad/sys/class/hwmon", withDestinationPath: "../../../../../etc")
    #expect(try runTool("/bin/tar", ["-cf", scratch.path + "/bad.tar", "-C", scratch.path + "/bad", "sys"]).status == 0)
    let added = try runTool("/bin/sh", [addFixture, scratch.path + "/bad.tar", "bad", scratch.path + "/fixtures"])
    #expect(added.status != 0)
    #expect(added.stderr.contains("links leading out of the fixture"), "\(added.stderr)")
    #expect(!FileManager.default.fileExists(atPath: scratch.path + "/fixtures/bad"))
}

@Test("snapshot of a root without cards or fan chips says so and fails")
func snapshotOfNothing() throws {
    let scratch = try Scratch()
    let result = try runMI50Fan(["snapshot", "--root", scratch.path, "--output", scratch.path + "/x.tar"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("nothing to snapshot"))
    #expect(!FileManager.default.fileExists(atPath: scratch.path + "/x.tar"))
}
