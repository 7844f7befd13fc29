import Foundation
#if canImport(Glibc)
import Glibc
#endif
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
    #expect(failed.stderr.contains("attention: reload failed: 1 problem in \(harness.configPath);"), "\(failed.stderr)")
    #expect(failed.stderr.contains(harness.configPath + ":"), "the config's problem is named by file, line and column")

    harness.signal(SIGKILL)
    _ = harness.finish()
    let dead = try runMI50Fan(["status", "--root", harness.root])
    #expect(dead.status == 9, "\(dead.stderr)")
    #expect(dead.stdout.contains("service: dead"))
    #expect(!dead.stdout.contains("service: running"))
    let release = try #require(dead.stderr.split(separator: "`").map(String.init).first { $0.hasPrefix("mi50fan release") }, "\(dead.stderr)")
    #expect(release == "mi50fan release --root \(harness.root)", "the suggestion releases this machine's fans, not /run's")
    let released = try runMI50Fan(release.split(separator: " ").dropFirst().map(String.init))
    #expect(released.status == 0, "\(released.stderr)")
    #expect(released.stdout.contains("full speed"), "\(released.stdout)")
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

@Test("status and watch show a fan in fail-safe that also stalled as both")
func failSafeAndStalledShown() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-status-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let state = root + "/run/mi50fan"
    try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
    try SimulatedMachine.writeConfig(root: root, curve: "mi50-blower-balanced", curveText: nil)
    let config = SimulatedMachine.configPath(root: root)
    // A service that is this test process: its lock held, its pointer and status written.
    let lock = open(state + "/mi50fan.lock", O_RDWR | O_CREAT, 0o644)
    defer { close(lock) }
    #expect(flock(lock, LOCK_EX | LOCK_NB) == 0)
    _ = "\(getpid())\n".withCString { write(lock, $0, strlen($0)) }
    let pointer: [String: Any] = ["format": 1, "pid": Int(getpid()), "config": config, "statusFile": state + "/status.json", "intervalSeconds": 1]
    try JSONSerialization.data(withJSONObject: pointer).write(to: URL(fileURLWithPath: state + "/service.json"))
    let card: [String: Any] = ["name": "mi50", "temperatures": ["edge": 40], "faults": ["junction": "sensor file missing"], "critical": [:],
                               "emergency": [:], "throttle": []]
    let fan: [String: Any] = ["name": "blower", "dutyPercent": 100, "rpm": 0, "mode": "fail-safe", "why": "fail-safe: mi50.junction sensor file missing",
                              "stalled": true]
    let status: [String: Any] = ["format": 1, "pid": Int(getpid()), "started": Date().timeIntervalSince1970, "config": config, "intervalSeconds": 1,
                                 "cards": [card], "fans": [fan], "faults": ["mi50.junction: sensor file missing", "fan blower: fail-safe", "fan blower: stalled"],
                                 "failSafeEvents": ["blower": 1]]
    try JSONSerialization.data(withJSONObject: status).write(to: URL(fileURLWithPath: state + "/status.json"))

    let shown = try runMI50Fan(["status", "--root", root])
    #expect(shown.status == 2, "\(shown.stderr)")
    #expect(shown.stdout.contains("fail-safe STALLED"))
    #expect(shown.stderr.contains("attention: fan blower is in fail-safe: mi50.junction sensor file missing"))
    #expect(shown.stderr.contains("attention: fan blower is stalled"))
    #expect(!shown.stderr.contains("fail-safe: fail-safe"))
    let watched = try runMI50Fan(["watch", "--root", root, "--count", "1"])
    #expect(watched.stdout.contains("blower 100% 0rpm fail-safe STALLED"), "\(watched.stdout)")
}
