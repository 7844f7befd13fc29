import Foundation
import Testing
@testable import Simulator

#if canImport(Glibc)
import Glibc
#endif

// `mi50fan release` after the daemon was killed with the fan at a low duty: whatever changed
// since the daemon started, the fan ends at full speed.

/// Starts the daemon at idle, checks that it runs the fan slowly, and kills it with SIGKILL
/// (no chance to give the header back).
private func killAtLowDuty(_ harness: DaemonHarness) throws {
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    #expect(harness.read(harness.chip + "/pwm2") != "255", "idle: the curve runs the fan slowly")
    harness.signal(SIGKILL)
    _ = harness.finish()
}

private func release(_ harness: DaemonHarness, _ extra: [String] = [], environment: [String: String] = [:]) throws -> CommandResult {
    try runMI50Fan(["release", "--root", harness.root, "--config", harness.configPath] + extra, environment: environment)
}

@Test("release finds the record after the config's status_file was edited while the service ran")
func releaseAfterStatusFileEdited() throws {
    let harness = try DaemonHarness()
    try killAtLowDuty(harness)
    let edited = harness.read(harness.configPath).replacingOccurrences(of: "/run/mi50fan/status.json", with: "/var/lib/elsewhere/status.json")
    try harness.write(edited + "\n", to: harness.configPath)
    let result = try release(harness)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("pwm2: full speed"))
    #expect(harness.read(harness.chip + "/pwm2") == "255")
    #expect(harness.read(harness.chip + "/pwm2_enable") == "1")
}

@Test("release finds the header again after the Super I/O chip was renumbered (new device files)")
func releaseAfterChipRenumbered() throws {
    let harness = try DaemonHarness()
    try killAtLowDuty(harness)
    harness.card.renumberSuperIOHwmon()
    let chip = harness.card.layout.chipPath
    #expect(chip != harness.chip, "the chip has another hwmon number now")
    #expect(!FileManager.default.fileExists(atPath: harness.chip), "the old directory is gone")
    let result = try release(harness)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(harness.read(chip + "/pwm2") == "255")
    let restore = try release(harness, ["--restore"])
    #expect(restore.status == 0, "\(restore.stderr)")
    #expect(harness.read(chip + "/pwm2_enable") == "5", "the saved firmware mode survives the renumbering")
}

@Test("a record that cannot be written: the daemon says so loudly and runs; release after a crash uses the config")
func releaseWithoutRecord() throws {
    let harness = try DaemonHarness()
    // outputs.json is a non-empty directory: the record's rename onto it fails.
    let stateDirectory = harness.root + "/run/mi50fan"
    try FileManager.default.createDirectory(atPath: stateDirectory + "/outputs.json/blocker", withIntermediateDirectories: true)
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil, "the fan is controlled: the service is ready")
    #expect(harness.waitForNotify(timeout: 5) { _ in harness.read(harness.statusPath).contains("outputs not recorded") } != nil,
            "status shows the missing record")
    harness.signal(SIGKILL)
    let (_, log) = harness.finish()
    #expect(log.contains("cannot record the held outputs"))
    #expect(harness.read(harness.chip + "/pwm2") != "255")

    // Something stands where the record should be: outputs were held without a record of
    // which, so even by hand the config's outputs go to full speed.
    let byHand = try release(harness)
    #expect(byHand.status == 0, "\(byHand.stderr)")
    #expect(byHand.stdout.contains("releasing the outputs"))
    #expect(harness.read(harness.chip + "/pwm2") == "255")
    let afterCrash = try release(harness, environment: ["SERVICE_RESULT": "signal"])
    #expect(afterCrash.status == 0, "\(afterCrash.stderr)")
    #expect(afterCrash.stdout.contains("releasing the outputs"))
    #expect(harness.read(harness.chip + "/pwm2") == "255")
    #expect(harness.read(harness.chip + "/pwm2_enable") == "1")
}

@Test("a clean stop leaves nothing for release; --from-config still sets the config's fans to full speed")
func releaseFromConfig() throws {
    let harness = try DaemonHarness()
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    harness.signal(SIGTERM)
    _ = harness.finish()
    #expect(try release(harness, environment: ["SERVICE_RESULT": "success"]).stdout.contains("nothing to release"))
    #expect(harness.read(harness.chip + "/pwm2_enable") == "5")
    let forced = try release(harness, ["--from-config"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(harness.read(harness.chip + "/pwm2") == "255")
}

@Test("a forged record writes nothing outside the outputs it re-resolves, and nothing at all for unknown lines")
func releaseForgedRecord() throws {
    let harness = try DaemonHarness()
    let stateDirectory = harness.root + "/run/mi50fan"
    try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
    let victim = harness.root + "/victim"
    try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
    let forged = """
        {"pid": 1, "outputs": [
          {"kind": "hwmon", "fan": "a", "chip": "../../../victim", "index": 2},
          {"kind": "hwmon", "fan": "b", "chip": "nct6798", "device": "../../../../victim", "index": 2},
          {"kind": "pwm", "fan": "c", "chip": "../../victim", "index": 0},
          {"kind": "gpio", "fan": "d", "chip": "/victim", "index": 3}
        ]}
        """
    try forged.write(toFile: stateDirectory + "/outputs.json", atomically: true, encoding: .utf8)
    let result = try release(harness)
    #expect(result.status != 0, "every forged output fails")
    #expect(result.stderr.contains("fan a:") && result.stderr.contains("fan d:"))
    #expect(harness.read(victim) == "precious")
    #expect(harness.read(harness.chip + "/pwm2_enable") == "5", "the real header was not named and is untouched")
}

@Test("a symlinked state directory is refused by the daemon and by release")
func symlinkedStateDirectory() throws {
    let harness = try DaemonHarness()
    let elsewhere = harness.root + "/elsewhere"
    try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: harness.root + "/run", withIntermediateDirectories: true)
    symlink(elsewhere, harness.root + "/run/mi50fan")
    try harness.start()
    let (code, log) = harness.finish()
    #expect(code != 0)
    #expect(log.contains("symbolic link"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty, "nothing was written through the link")
    #expect(harness.read(harness.chip + "/pwm2_enable") == "5", "the header was never taken")
    try "{\"pid\": 1, \"outputs\": []}".write(toFile: elsewhere + "/outputs.json", atomically: true, encoding: .utf8)
    let result = try release(harness, environment: ["SERVICE_RESULT": "signal"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("symbolic link"))
    #expect(harness.read(harness.chip + "/pwm2_enable") == "5", "release did nothing through the link")
}
