import Foundation
import Testing

/// A config path in a fresh directory (the file itself need not exist).
private func scratchConfig() throws -> (String, String) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-errors-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return (directory, directory + "/config.yaml")
}

@Test("a duty out of range names the range, with the one error: prefix")
func dutyOutOfRange() throws {
    let (directory, config) = try scratchConfig()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try runMI50Fan(["curve", "set", "mi50-blower-balanced", "62", "150%", "--config", config])
    #expect(result.status != 0)
    #expect(result.stderr.hasPrefix("error: The value '150%' is invalid for '<duty>': not a duty from 0% to 100%"), "\(result.stderr)")
    #expect(!result.stderr.contains("Error:"))
}

@Test("curve show --at refuses a temperature no sensor reports, naming the range")
func showAtImplausible() throws {
    let (directory, config) = try scratchConfig()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try runMI50Fan(["curve", "show", "mi50-blower-balanced", "--at", "200", "--config", config])
    #expect(result.status != 0)
    #expect(result.stderr.contains("The value '200' is invalid for '--at <at>': outside -40 to 150 °C"), "\(result.stderr)")
}

@Test("curve new --from a missing curve points at --from, not at a file")
func newFromMissing() throws {
    let (directory, config) = try scratchConfig()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try runMI50Fan(["curve", "new", "mine", "--from", "nonexistent", "--config", config])
    #expect(result.status != 0)
    #expect(result.stderr.contains("--from: no curve `nonexistent`"), "\(result.stderr)")
    #expect(!result.stderr.contains(":1:1"))
}

@Test("a misspelt subcommand gets the closest one suggested, at the level it was typed; a word far from all gets none",
      arguments: [(["stauts"], "did you mean `mi50fan status`?"), (["curve", "shw", "x"], "did you mean `mi50fan curve show x`?"),
                  (["--root", "/tmp", "stauts", "--json"], "did you mean `mi50fan --root /tmp status --json`?"),
                  (["xyzzy"], nil)] as [([String], String?)])
func misspeltSubcommand(_ arguments: [String], _ suggestion: String?) throws {
    let result = try runMI50Fan(arguments)
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix("error: "))
    if let suggestion {
        #expect(result.stderr.contains(suggestion), "\(result.stderr)")
    } else {
        #expect(!result.stderr.contains("did you mean"), "\(result.stderr)")
    }
}

@Test("calibrate names its fan with --fan, as curve use does")
func calibrateTakesFan() throws {
    let result = try runMI50Fan(["calibrate", "--help"])
    #expect(result.stdout.contains("--fan <fan>"))
    #expect(!result.stdout.contains("--output"))
}

@Test("a negative temperature needs no --: curve set takes -5 as a temperature, and -50 is refused with the range")
func negativeTemperatures() throws {
    let (directory, config) = try scratchConfig()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect(try runMI50Fan(["curve", "new", "cold", "--from", "mi50-blower-balanced", "--config", config]).status == 0)
    let set = try runMI50Fan(["curve", "set", "cold", "-5", "20%", "--config", config])
    #expect(set.status == 0, "\(set.stderr)")
    let curve = try String(contentsOfFile: directory + "/curves/cold.yaml", encoding: .utf8)
    #expect(curve.contains("[-5, 20%]"), "\(curve)")
    let refused = try runMI50Fan(["curve", "set", "cold", "-50", "20%", "--config", config])
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("error: The value '-50' is invalid for '<temperature>': outside -40 to 150 °C"), "\(refused.stderr)")
}

@Test("a value a command refuses is shown with that command's usage, not the root's")
func refusedValueShowsSubcommandUsage() throws {
    let (directory, config) = try scratchConfig()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let result = try runMI50Fan(["curve", "set", "mi50-blower-balanced", "62", "150%", "--config", config])
    #expect(result.status == 64)
    #expect(result.stderr.contains("Usage: mi50fan curve set "), "\(result.stderr)")
    #expect(result.stderr.contains("See 'mi50fan curve set --help'"), "\(result.stderr)")
}

@Test("--root and --config may come before the subcommand")
func globalOptionsFirst() throws {
    let (directory, config) = try scratchConfig()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let before = try runMI50Fan(["--config", config, "curve", "new", "mine", "--from", "mi50-blower-balanced"])
    #expect(before.status == 0, "\(before.stderr)")
    #expect(FileManager.default.fileExists(atPath: directory + "/curves/mine.yaml"))
    let equals = try runMI50Fan(["--config=\(config)", "curve", "list"])
    #expect(equals.status == 0, "\(equals.stderr)")
    #expect(equals.stdout.contains("mine"))
    let unknown = try runMI50Fan(["--json", "status"])
    #expect(unknown.status == 64, "other options before the subcommand are still refused")
}
