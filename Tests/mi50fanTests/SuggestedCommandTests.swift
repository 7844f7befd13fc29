import Foundation
import Simulator
import Testing

/// A virtual card's tree and config on disk, not served (nothing moves).
private func builtMachine() throws -> (root: String, config: String) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-hint-\(UUID().uuidString)").path
    let machine = VirtualMI50Machine(root: root, cards: 1, profile: .idle)
    machine.build()
    machine.advance(by: 1)
    try SimulatedMachine.writeConfig(root: root, curve: "mi50-blower-balanced", curveText: nil)
    return (root, SimulatedMachine.configPath(root: root))
}

/// Runs the first `mi50fan ...` command quoted in `text` exactly as printed; fails the test when
/// there is none.
private func runSuggestion(in text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandResult {
    let line = try #require(text.split(separator: "`").map(String.init).first { $0.hasPrefix("mi50fan ") },
                            "a command to paste in: \(text)", sourceLocation: sourceLocation)
    return try runMI50Fan(line.split(separator: " ").dropFirst().map(String.init))
}

@Test("the command stress suggests when it sampled no card works as printed: it carries --root")
func stressNoCardSuggestion() throws {
    let (root, _) = try builtMachine()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let empty = root + "/nothing-here"
    try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
    let result = try runMI50Fan(["stress", "--root", empty, "--output", root + "/run", "--", "/bin/true"])
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains("`mi50fan detect --root \(empty)`"), "\(result.stderr)")
    #expect(try runSuggestion(in: result.stderr).status == 0)
}

@Test("the command stress --card suggests for a slot with no card works as printed")
func stressWrongCardSuggestion() throws {
    let (root, config) = try builtMachine()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let result = try runMI50Fan(["stress", "--root", root, "--config", config, "--card", "0000:99:00.0", "--duration", "1s", "--output", root + "/run"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("`mi50fan detect --root \(root)`"), "\(result.stderr)")
    let detect = try runSuggestion(in: result.stderr)
    #expect(detect.status == 0 && detect.stdout.contains(SimulatedLayout.pciSlot), "it lists the card that is there")
}

@Test("the command calibrate suggests for a fan chip that is not there works as printed: it carries --root")
func calibrateMissingChipSuggestion() throws {
    let (root, config) = try builtMachine()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let text = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "chip: \(SimulatedLayout.chipName)", with: "chip: it8686")
    try text.write(toFile: config, atomically: true, encoding: .utf8)
    let result = try runMI50Fan(["calibrate", "--root", root, "--config", config, "--fan", "blower"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("`mi50fan detect --root \(root)`"), "\(result.stderr)")
    let detect = try runSuggestion(in: result.stderr)
    #expect(detect.status == 0 && detect.stdout.contains(SimulatedLayout.chipName), "it lists the chip that is there")
}

@Test("the longer --settle calibrate suggests when the tach did not settle works as printed: it carries --root and --config")
func calibrateLongerSettleSuggestion() throws {
    let card = try ServedCard(speed: 5)
    let result = try runMI50Fan(["calibrate", "--root", card.root, "--config", card.config, "--fan", "blower", "--settle", "0.1s", "--step", "10%"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("had not settled within --settle"), "\(result.stdout)")
    #expect(result.stdout.contains("--settle 0.2s"), "twice as long")
    #expect(result.stdout.contains("--root \(card.root) --config \(card.config)"))
    let again = try runSuggestion(in: result.stdout)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stdout.contains("tach: fan2_input follows this header"))
}

@Test("the commands detect suggests work as printed on a --root machine with its own --config: save it, then check it")
func detectSuggestionsCarryRootAndConfig() throws {
    let (root, _) = try builtMachine()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let config = root + "/home/user/config.yaml"
    let shown = try runMI50Fan(["detect", "--root", root, "--config", config])
    #expect(shown.status == 0, "\(shown.stderr)")
    #expect(shown.stdout.contains("`mi50fan detect --write --root \(root) --config \(config)`"), "\(shown.stdout)")
    let written = try runSuggestion(in: shown.stdout.components(separatedBy: "Starting config").last ?? "")
    #expect(written.status == 0, "\(written.stderr)")
    #expect(FileManager.default.fileExists(atPath: config), "the printed command wrote the config named, not /etc's")
    let check = try runSuggestion(in: written.stderr)
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout.contains("\(config): ok"), "the printed check checks the config just written: \(check.stdout)")
}
