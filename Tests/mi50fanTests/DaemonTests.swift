import Foundation
@testable import Simulator
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Test("the service reports READY, keeps pinging the watchdog, and gives the header back on SIGTERM")
func readyWatchdogAndStop() throws {
    let harness = try DaemonHarness()
    try harness.start()
    let ready = harness.waitForNotify { $0.contains("READY=1") }
    #expect(ready?.contains("STATUS=mi50 junction") == true, "READY carries a status line")
    #expect(harness.read(harness.chip + "/pwm2_enable") == "1", "manual control taken")
    var pings = 0
    while pings < 3, harness.waitForNotify({ $0 == "WATCHDOG=1" }) != nil { pings += 1 }
    #expect(pings == 3)
    #expect(FileManager.default.fileExists(atPath: harness.root + "/run/mi50fan/outputs.json"))
    let status = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: harness.statusPath))) as? [String: Any]
    #expect((status?["fans"] as? [[String: Any]])?.first?["mode"] as? String == "curve")
    harness.signal(SIGTERM)
    #expect(harness.waitForNotify { $0.hasPrefix("STOPPING=1") } != nil)
    let (code, log) = harness.finish()
    #expect(code == 0, "\(log)")
    #expect(harness.read(harness.chip + "/pwm2_enable") == "5", "the firmware's mode is back")
    #expect(!FileManager.default.fileExists(atPath: harness.root + "/run/mi50fan/outputs.json"))
    #expect(log.contains("SIGTERM: giving the fans back"))
}

@Test("SIGHUP with a broken config keeps the running one and says so; a fixed one is taken")
func reloadKeepsGoodConfig() throws {
    let harness = try DaemonHarness()
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    let good = harness.read(harness.configPath)
    try harness.write(good.replacingOccurrences(of: "curve: mi50-blower-balanced", with: "curve: [broken"), to: harness.configPath)
    harness.signal(SIGHUP)
    let failed = harness.waitForNotify { $0.contains("reload failed") }
    #expect(failed != nil)
    #expect(harness.process?.isRunning == true)
    #expect(harness.read(harness.statusPath).contains("reload failed"))
    #expect(harness.read(harness.chip + "/pwm2_enable") == "1")
    try harness.write(good.replacingOccurrences(of: "mi50-blower-balanced", with: "mi50-blower-max"), to: harness.configPath)
    harness.signal(SIGHUP)
    #expect(harness.waitForNotify { $0.hasPrefix("READY=1") && !$0.contains("reload failed") } != nil)
    #expect(harness.waitForNotify { _ in harness.read(harness.statusPath).contains("mi50-blower-max") } != nil)
    harness.signal(SIGTERM)
    let (code, log) = harness.finish()
    #expect(code == 0)
    #expect(log.contains("reload: "), "every problem is logged")
    #expect(harness.read(harness.chip + "/pwm2_enable") == "5", "the mode saved before the reload survives it")
}

@Test("a reload that renames the fan rewrites the record of held outputs under its new name, though the header is handed over as it is")
func reloadRewritesTheRecord() throws {
    let harness = try DaemonHarness()
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    let record = harness.root + "/run/mi50fan/outputs.json"
    #expect(harness.read(record).contains("\"blower\""))
    try harness.write(harness.read(harness.configPath).replacingOccurrences(of: "- name: blower", with: "- name: intake"), to: harness.configPath)
    harness.signal(SIGHUP)
    #expect(harness.waitForNotify { _ in harness.read(record).contains("\"intake\"") } != nil, "the record names the fan as the config now does")
    #expect(!harness.read(record).contains("\"blower\""))
    harness.signal(SIGTERM)
    #expect(harness.finish().0 == 0)
}

@Test("after SIGKILL, `mi50fan release` leaves the fan at fail-safe duty")
func releaseAfterKill() throws {
    let harness = try DaemonHarness()
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    #expect(harness.read(harness.chip + "/pwm2") != "255", "idle: the curve runs the fan slowly")
    harness.signal(SIGKILL)
    _ = harness.finish()
    let result = try runMI50Fan(["release", "--root", harness.root, "--config", harness.configPath])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("pwm2: full speed"))
    #expect(harness.read(harness.chip + "/pwm2") == "255")
    #expect(harness.read(harness.chip + "/pwm2_enable") == "1")
    let restore = try runMI50Fan(["release", "--restore", "--root", harness.root, "--config", harness.configPath])
    #expect(restore.stdout.contains("back to mode 5"))
    #expect(harness.read(harness.chip + "/pwm2_enable") == "5")
    let again = try runMI50Fan(["release", "--root", harness.root, "--config", harness.configPath])
    #expect(again.stdout.contains("nothing to release"))
}

@Test("a vanished junction file sends the fan to fail-safe; it recovers when the file returns")
func vanishedJunction() throws {
    let harness = try DaemonHarness()
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    let file = harness.gpuHwmon + "/temp2_input"
    let saved = harness.read(file)
    unlink(file)
    #expect(harness.waitForNotify { $0.contains("blower 100% fail-safe") } != nil)
    #expect(harness.read(harness.chip + "/pwm2") == "255")
    try harness.write(saved + "\n", to: file)
    #expect(harness.waitForNotify { $0.contains("STATUS=") && !$0.contains("fail-safe") } != nil)
    harness.signal(SIGTERM)
    let (_, log) = harness.finish()
    #expect(log.contains("fail-safe 100%: mi50.junction sensor file missing"))
}

@Test("a renumbered hwmon directory is found again without a restart")
func renumberedHwmon() throws {
    let harness = try DaemonHarness(faults: [ScheduledFault(.hwmonRenumbers, start: 1)])
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    harness.card.advance(by: 1)   // the GPU "resets": hwmon1 becomes hwmon8
    #expect(harness.card.layout.gpuHwmon == "hwmon8")
    try harness.write("77000\n", to: harness.gpuHwmon + "/temp2_input")
    #expect(harness.waitForNotify { $0.contains("mi50 junction 77°C") } != nil)
    #expect(harness.process?.isRunning == true)
    harness.signal(SIGTERM)
    #expect(harness.finish().0 == 0)
}

@Test("a second daemon refuses to start while one runs; a broken config refuses with every problem")
func refusals() throws {
    let harness = try DaemonHarness()
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    let second = try runMI50Fan(["run", "--root", harness.root, "--config", harness.configPath])
    #expect(second.status == 75)
    #expect(second.stderr.contains("another mi50fan is already running"))
    harness.signal(SIGTERM)
    _ = harness.finish()
    try harness.write("version: 2\nfans: []\n", to: harness.configPath)
    let broken = try runMI50Fan(["run", "--root", harness.root, "--config", harness.configPath])
    #expect(broken.status == 78)
    #expect(broken.stderr.contains("version `2`"))
    #expect(broken.stderr.contains("refusing to start"))
}
