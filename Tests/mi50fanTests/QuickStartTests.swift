import Foundation
import Simulator
import Testing

/// A simulated machine to follow the quick start on.
private func simulatedRoot() -> (String, VirtualMI50Machine) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-quick-\(UUID().uuidString)").path
    let machine = VirtualMI50Machine(root: root, cards: 1, profile: .idle)
    machine.build()
    return (root, machine)
}

/// Runs a command line the tool printed between backticks, as a user would paste it.
private func runPrinted(_ line: String) throws -> CommandResult {
    var words = line.split(separator: " ").map(String.init)
    #expect(words.first == "mi50fan", "a suggestion starts with the command: \(line)")
    words.removeFirst()
    return try runMI50Fan(words)
}

/// The first `mi50fan ...` between backticks in `text`.
private func suggestion(in text: String, containing word: String) -> String? {
    text.split(separator: "`").map(String.init).first { $0.hasPrefix("mi50fan ") && $0.contains(word) }
}

@Test("detect --write replaces a config that is still the shipped example, byte for byte, and refuses an edited one")
func detectReplacesShippedExample() throws {
    let (root, machine) = simulatedRoot()
    defer { try? FileManager.default.removeItem(atPath: root) }
    _ = machine
    let config = root + "/etc/mi50fan/config.yaml"
    try FileManager.default.createDirectory(atPath: root + "/etc/mi50fan", withIntermediateDirectories: true)
    let example = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/examples/config.yaml"), encoding: .utf8)
    try example.write(toFile: config, atomically: true, encoding: .utf8)
    let replaced = try runMI50Fan(["detect", "--root", root, "--config", config, "--write"])
    #expect(replaced.status == 0, "\(replaced.stderr)")
    let written = try String(contentsOfFile: config, encoding: .utf8)
    #expect(written != example)
    #expect(written.contains(SimulatedLayout.pciSlot))

    try (example + "# mine\n").write(toFile: config, atomically: true, encoding: .utf8)
    let refused = try runMI50Fan(["detect", "--root", root, "--config", config, "--write"])
    #expect(refused.status == 1)
    #expect(try String(contentsOfFile: config, encoding: .utf8) == example + "# mine\n", "an edited config is kept")
}

@Test("a config detect --write puts in any directory passes config check at once: shipped curve names resolve there")
func detectConfigAnywhereChecks() throws {
    let (root, machine) = simulatedRoot()
    defer { try? FileManager.default.removeItem(atPath: root) }
    _ = machine
    let config = root + "/home/user/elsewhere/config.yaml"
    let written = try runMI50Fan(["detect", "--root", root, "--config", config, "--write"])
    #expect(written.status == 0, "\(written.stderr)")
    #expect(!FileManager.default.fileExists(atPath: root + "/home/user/elsewhere/curves"))
    let check = try runMI50Fan(["config", "check", "--root", root, config])
    #expect(check.status == 0, "\(check.stderr)")
}

@Test("curve show of a shipped curve shows it and suggests copying that curve, and the suggestion works as printed")
func curveShowShippedSuggestsItself() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-quick-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let config = directory + "/config.yaml"
    let shown = try runMI50Fan(["curve", "show", "mi50-blower-max", "--at", "60", "--config", config])
    #expect(shown.status == 0, "\(shown.stderr)")
    let copy = try #require(suggestion(in: shown.stdout, containing: "new"))
    #expect(copy.contains("--from mi50-blower-max"))
    #expect(!copy.contains("balanced"))
    let made = try runPrinted(copy)
    #expect(made.status == 0, "\(made.stderr)")
    #expect(FileManager.default.fileExists(atPath: directory + "/curves/my-mi50-blower-max.yaml"))
}

@Test("the curve new a missing curve's error suggests names the config and writes beside it, not into /etc")
func curveMissingSuggestionWorks() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-quick-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let config = directory + "/config.yaml"
    let missing = try runMI50Fan(["curve", "show", "mine", "--config", config])
    #expect(missing.status != 0)
    let new = try #require(suggestion(in: missing.stderr, containing: "new"))
    #expect(new.contains("--config \(config)"))
    let made = try runPrinted(new)
    #expect(made.status == 0, "\(made.stderr)")
    #expect(FileManager.default.fileExists(atPath: directory + "/curves/mine.yaml"))
}
