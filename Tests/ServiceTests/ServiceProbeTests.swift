import ConfigFiles
import Foundation
@testable import Service
import Simulator
import StatusSchema
import Testing

/// A machine root with the simulated card's config and a state directory, for probing (and,
/// when asked, the virtual card's tree).
struct ProbeScene {
    let root: String
    var stateDirectory: String { root + "/run/mi50fan" }
    var configPath: String { SimulatedMachine.configPath(root: root) }
    var statusFile: String { stateDirectory + "/status.json" }

    init(withCard: Bool = false) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-probe-\(UUID().uuidString)").path
        if withCard { VirtualMI50Machine(root: root, cards: 1, profile: .idle).build() }
        try FileManager.default.createDirectory(atPath: root + "/run/mi50fan", withIntermediateDirectories: true)
        try SimulatedMachine.writeConfig(root: root, curve: "mi50-blower-balanced", curveText: nil)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// What a daemon with `pid` leaves: its pointer and a status file.
    func service(pid: Int32, reloadError: String? = nil) throws {
        try ServicePointer(pid: pid, config: configPath, statusFile: statusFile, intervalSeconds: 1).write(to: stateDirectory)
        let fan = ServiceStatus.Fan(name: "blower", output: "nct6798 pwm2", dutyPercent: 30, rpm: 1300, mode: "curve",
                                    curve: "mi50-blower-balanced", why: "", stalled: false, error: nil)
        let status = ServiceStatus(pid: pid, started: 0, config: configPath, intervalSeconds: 1, cards: [], fans: [fan],
                                   faults: [], reloadError: reloadError, failSafeEvents: [:])
        try AtomicFile.write(StatusJSON.render(status), to: statusFile, durable: false)
    }

    /// The latest of the pointer's and the status file's modification times.
    var written: Double {
        [ServicePointer.path(in: stateDirectory), statusFile].compactMap(BoundedRead.modificationTime(of:)).max() ?? 0
    }

    func probe(config: String? = nil, now: Double) -> ServiceProbe.Finding {
        ServiceProbe(stateDirectory: stateDirectory, requestedConfig: config, defaultConfig: root + "/nowhere.yaml").probe(now: now)
    }
}

private func codes(_ finding: ServiceProbe.Finding) -> [StatusHealth] {
    StatusHealth.problems(finding, status: finding.status ?? ServiceStatus(
        pid: 0, started: 0, config: "", intervalSeconds: 1, cards: [], fans: [], faults: [], reloadError: nil, failSafeEvents: [:])).map(\.code)
}

@Test("no service and no record: not running, exit 8, and the named config is checked")
func probeNotRunning() throws {
    let scene = try ProbeScene()
    defer { scene.remove() }
    let finding = scene.probe(config: scene.configPath, now: Date().timeIntervalSince1970)
    #expect(finding.service == .notRunning)
    #expect(finding.status == nil)
    #expect((try? finding.config.get()) != nil)
    #expect(codes(finding) == [.notRunning])
}

@Test("without --config the running service is found through its state directory, and its config is the one checked")
func probeFindsServiceWithoutConfig() throws {
    let scene = try ProbeScene()
    defer { scene.remove() }
    let lock = try InstanceLock(directory: scene.stateDirectory)
    try scene.service(pid: getpid())
    let finding = scene.probe(now: scene.written + 1)
    #expect(finding.service == .running(pid: getpid()))
    #expect(finding.configPath == scene.configPath)
    #expect(finding.status?.fans.first?.name == "blower")
    #expect(codes(finding).isEmpty, "a healthy service exits 0")
    withExtendedLifetime(lock) {}
}

@Test("a failed reload is reported as one (exit 7), not as a stopped service")
func probeReloadFailed() throws {
    let scene = try ProbeScene()
    defer { scene.remove() }
    let lock = try InstanceLock(directory: scene.stateDirectory)
    try scene.service(pid: getpid(), reloadError: "reload failed: 1 problem in config.yaml; still running the previous config")
    let finding = scene.probe(now: scene.written)
    #expect(finding.service == .running(pid: getpid()))
    #expect(codes(finding).first == .reloadFailed)
    withExtendedLifetime(lock) {}
}

@Test("a pointer whose process no longer holds the lock is a dead service (exit 9)")
func probeDeadService() throws {
    let scene = try ProbeScene()
    defer { scene.remove() }
    try scene.service(pid: getpid())      // this process lives but holds no lock: like a reused pid
    let finding = scene.probe(now: scene.written)
    guard case .dead(let pid, let reason) = finding.service else {
        Issue.record("expected dead, got \(finding.service)")
        return
    }
    #expect(pid == getpid())
    #expect(reason.contains("does not hold the lock"))
    #expect(codes(finding).first == .dead)
}

@Test("a service that was killed leaves its record of held outputs: dead, even without a pointer")
func probeDeadFromOutputRecord() throws {
    let scene = try ProbeScene()
    defer { scene.remove() }
    try OutputState(pid: 0x3FFF_FFF0, outputs: []).write(to: scene.stateDirectory)
    let finding = scene.probe(config: scene.configPath, now: Date().timeIntervalSince1970)
    #expect(finding.service == .dead(pid: 0x3FFF_FFF0, reason: "pid \(0x3FFF_FFF0) left its record of held outputs in \(scene.stateDirectory) and no longer holds the lock; it did not stop cleanly"))
}

@Test("a status that stopped moving is stale (exit 8) after five intervals, at least ten seconds; before that it is running",
      arguments: [(9.0, false), (11.0, true), (600.0, true)])
func probeStale(secondsLater: Double, stale: Bool) throws {
    let scene = try ProbeScene()
    defer { scene.remove() }
    let lock = try InstanceLock(directory: scene.stateDirectory)
    try scene.service(pid: getpid())
    let finding = scene.probe(now: scene.written + secondsLater)
    if stale {
        guard case .stale(let pid, let reason) = finding.service else {
            Issue.record("expected stale, got \(finding.service)")
            return
        }
        #expect(pid == getpid())
        #expect(reason.contains("has not completed a tick for \(Int(secondsLater))s"))
        #expect(finding.status != nil, "the last status is still shown")
        #expect(codes(finding).first == .notRunning)
    } else {
        #expect(finding.service == .running(pid: getpid()))
    }
    withExtendedLifetime(lock) {}
}

@Test("the heartbeat keeps a steady service fresh although its status file is not rewritten")
func probeHeartbeat() throws {
    let scene = try ProbeScene()
    defer { scene.remove() }
    let lock = try InstanceLock(directory: scene.stateDirectory)
    try scene.service(pid: getpid())
    let old = timespec(tv_sec: time(nil) - 3600, tv_nsec: 0)
    for path in [scene.statusFile, ServicePointer.path(in: scene.stateDirectory)] {
        var times = [old, old]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
    }
    let now = Date().timeIntervalSince1970
    #expect(scene.probe(now: now).service != .running(pid: getpid()), "an hour without a tick is stale")
    ServicePointer.beat(in: scene.stateDirectory)
    #expect(scene.probe(now: now).service == .running(pid: getpid()))
    withExtendedLifetime(lock) {}
}

@Test("a status file left by an earlier run of the service is not shown as the current one")
func probeOldStatus() throws {
    let scene = try ProbeScene()
    defer { scene.remove() }
    let lock = try InstanceLock(directory: scene.stateDirectory)
    try scene.service(pid: 0x3FFF_FFF0)
    try ServicePointer(pid: getpid(), config: scene.configPath, statusFile: scene.statusFile, intervalSeconds: 1).write(to: scene.stateDirectory)
    let finding = scene.probe(now: scene.written)
    #expect(finding.status == nil)
    #expect(finding.service == .running(pid: getpid()), "it has just started: its pointer is fresh")
    withExtendedLifetime(lock) {}
}

@Test("a missing or broken config is exit 6 and its problems name file, line and column")
func probeConfigInvalid() throws {
    let scene = try ProbeScene()
    defer { scene.remove() }
    let missing = scene.probe(config: scene.root + "/etc/mi50fan/absent.yaml", now: 0)
    guard case .failure(let absent) = missing.config else {
        Issue.record("a missing config loaded")
        return
    }
    #expect(absent.problems.first?.description.hasPrefix(scene.root + "/etc/mi50fan/absent.yaml:1:1: no such file") == true)
    #expect(codes(missing).first == .configInvalid)

    let broken = scene.root + "/etc/mi50fan/broken.yaml"
    try "version: 1\ninterval: 1s\ngpus:\n  - name: mi50\n    pci_slot: [\n".write(toFile: broken, atomically: true, encoding: .utf8)
    guard case .failure(let problems) = scene.probe(config: broken, now: 0).config else {
        Issue.record("a broken config loaded")
        return
    }
    let location = try #require(problems.problems.first?.location)
    #expect(location.file == broken)
    #expect(location.line > 1)
}

@Test("the problems come most serious first: reload failed before config invalid before fan faults")
func healthOrder() throws {
    let scene = try ProbeScene()
    defer { scene.remove() }
    let lock = try InstanceLock(directory: scene.stateDirectory)
    try scene.service(pid: getpid(), reloadError: "reload failed")
    try "version: [\n".write(toFile: scene.configPath, atomically: true, encoding: .utf8)
    var finding = scene.probe(now: scene.written)
    finding.status?.fans[0].stalled = true
    finding.status?.fans[0].mode = "fail-safe"
    #expect(codes(finding) == [.reloadFailed, .configInvalid, .failSafe, .stalled])
    withExtendedLifetime(lock) {}
}

@Test("a fan in fail-safe whose fan has also stalled is reported as both, without a doubled prefix")
func failSafeAndStalled() throws {
    let scene = try ProbeScene()
    defer { scene.remove() }
    let lock = try InstanceLock(directory: scene.stateDirectory)
    try scene.service(pid: getpid())
    var finding = scene.probe(now: scene.written)
    finding.status?.fans[0].mode = "fail-safe"
    finding.status?.fans[0].stalled = true
    finding.status?.fans[0].why = "fail-safe: mi50.junction sensor file missing"
    let status = try #require(finding.status)
    let problems = StatusHealth.problems(finding, status: status)
    #expect(problems.map(\.code) == [.failSafe, .stalled])
    #expect(problems.map(\.reason) == ["fan blower is in fail-safe: mi50.junction sensor file missing", "fan blower is stalled: 0 RPM at 30.0%"])
    #expect(status.fans[0].modeText == "fail-safe STALLED")
    withExtendedLifetime(lock) {}
}

@Test("a running service that cannot write its status file is not called healthy: it says why, and status exits 8")
func probeStatusFileUnwritable() throws {
    let scene = try ProbeScene()
    defer { scene.remove() }
    let lock = try InstanceLock(directory: scene.stateDirectory)
    defer { withExtendedLifetime(lock) {} }
    try ServicePointer(pid: getpid(), config: scene.configPath, statusFile: scene.root + "/missing/status.json", intervalSeconds: 1,
                       statusFileError: "cannot write /missing/status.json: No such file or directory").write(to: scene.stateDirectory)
    let finding = scene.probe(now: scene.written + 0.5)
    guard case .stale(let pid, let reason) = finding.service else { Issue.record("\(finding.service)"); return }
    #expect(pid == getpid())
    #expect(reason.contains("cannot write its status file"))
    #expect(codes(finding).first == .notRunning)
}
