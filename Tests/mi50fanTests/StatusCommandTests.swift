import Foundation
import Simulator
import Testing

@Test("status without --config finds the running service, reports a failed reload (7) and a killed service (9)")
func statusTellsTheTruth() throws {
    let harness = try DaemonHarness()
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    let pid = harness.process?.processIdentifier ?? 0

    let running = try runMI50Fan(["status", "--root", harness.root])
    #expect(running.stdout.contains("service: running (pid \(pid)"), "\(running.stdout)")
    #expect(running.status == 0, "\(running.stderr)")

    let good = harness.read(harness.configPath)
    try harness.write(good.replacingOccurrences(of: "curve: mi50-blower-balanced", with: "curve: [broken"), to: harness.configPath)
    harness.signal(SIGHUP)
    #expect(harness.waitForNotify { $0.contains("reload failed") } != nil)
    let failed = try runMI50Fan(["status", "--root", harness.root])
    #expect(failed.status == 7, "\(failed.stderr)")
    #expect(failed.stdout.contains("service: running"))
    #expect(failed.stderr.contains("attention: reload failed"))
    #expect(failed.stderr.contains(harness.configPath + ":"), "the config's problem is named by file, line and column")

    harness.signal(SIGKILL)
    _ = harness.finish()
    let dead = try runMI50Fan(["status", "--root", harness.root])
    #expect(dead.status == 9, "\(dead.stderr)")
    #expect(dead.stdout.contains("service: dead"))
    #expect(!dead.stdout.contains("service: running"))
}

@Test("status with a missing config exits 6 and says so on standard error; with no service it exits 8")
func statusMissingConfig() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-status-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let machine = VirtualMI50Machine(root: root, cards: 1, profile: .idle)
    machine.build()
    let missing = try runMI50Fan(["status", "--root", root, "--config", root + "/etc/mi50fan/config.yaml"])
    #expect(missing.status == 6)
    #expect(missing.stderr.contains(root + "/etc/mi50fan/config.yaml:1:1: error: no such file"))
    try SimulatedMachine.writeConfig(root: root, curve: "mi50-blower-balanced", curveText: nil)
    let stopped = try runMI50Fan(["status", "--root", root, "--config", SimulatedMachine.configPath(root: root)])
    #expect(stopped.status == 8)
    #expect(stopped.stdout.contains("service: not running"))
}
