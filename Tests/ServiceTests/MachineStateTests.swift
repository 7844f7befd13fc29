import ConfigFiles
import Foundation
import Hardware
@testable import Service
import Simulator
import StatusSchema
import Testing

/// A simulated one-card machine with its config, and a state directory.
private struct MachineScene {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-state-\(UUID().uuidString)").path
    var stateDirectory: String { root + "/run/mi50fan" }
    var configPath: String { SimulatedMachine.configPath(root: root) }

    init() throws {
        VirtualMI50Machine(root: root, cards: 1, profile: .idle).build()
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        try SimulatedMachine.writeConfig(root: root, curve: "mi50-blower-balanced", curveText: nil)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

@Test("without a service, the picture is read from the hardware: the config's cards and fans, the fans marked as not under the service")
func machineStateFromHardware() throws {
    let scene = try MachineScene()
    defer { scene.remove() }
    let state = MachineState.read(root: SysfsRoot(scene.root), config: scene.configPath)
    #expect(!state.fromService)
    #expect(state.finding.service == .notRunning)
    #expect(state.loaded != nil)
    let loaded = try #require(state.loaded)
    #expect(state.status.cards.map(\.name) == loaded.config.gpus.map(\.name))
    #expect(state.status.cards.first?.temperatures["junction"] != nil, "the simulated card's junction is read")
    #expect(state.status.fans.map(\.name) == loaded.config.fans.map(\.name))
    #expect(state.status.fans.allSatisfy { $0.mode == "service not running" })
}

@Test("with a running service and the default config path, the service's status and config are the picture")
func machineStateFromService() throws {
    let scene = try MachineScene()
    defer { scene.remove() }
    let lock = try InstanceLock(directory: scene.stateDirectory)
    let statusFile = scene.stateDirectory + "/status.json"
    try ServicePointer(pid: getpid(), config: scene.configPath, statusFile: statusFile, intervalSeconds: 1).write(to: scene.stateDirectory)
    let fan = ServiceStatus.Fan(name: "from-the-service", output: "nct6798 pwm2", dutyPercent: 42, rpm: 1500, mode: "curve",
                                curve: "mi50-blower-balanced", why: "", stalled: false, error: nil)
    let status = ServiceStatus(pid: getpid(), started: 0, config: scene.configPath, intervalSeconds: 1, cards: [], fans: [fan],
                               faults: [], reloadError: nil, failSafeEvents: [:])
    try AtomicFile.write(StatusJSON.render(status), to: statusFile, durable: false)
    let written = try #require(BoundedRead.modificationTime(of: statusFile))
    let state = MachineState.read(root: SysfsRoot(scene.root), config: ConfigLoader.defaultPath, now: written)
    #expect(state.fromService)
    #expect(state.finding.service == .running(pid: getpid()))
    #expect(state.finding.configPath == scene.configPath, "the default path stands for the running service's config")
    #expect(state.status.fans == [fan])
    #expect(state.loaded != nil)
    withExtendedLifetime(lock) {}
}

@Test("a service that stopped moving keeps its last picture, marked stale; a state directory given explicitly is the one probed")
func machineStateStale() throws {
    let scene = try MachineScene()
    defer { scene.remove() }
    let lock = try InstanceLock(directory: scene.stateDirectory)
    let statusFile = scene.stateDirectory + "/status.json"
    try ServicePointer(pid: getpid(), config: scene.configPath, statusFile: statusFile, intervalSeconds: 1).write(to: scene.stateDirectory)
    let status = ServiceStatus(pid: getpid(), started: 0, config: scene.configPath, intervalSeconds: 1, cards: [], fans: [],
                               faults: [], reloadError: nil, failSafeEvents: [:])
    try AtomicFile.write(StatusJSON.render(status), to: statusFile, durable: false)
    let written = try #require(BoundedRead.modificationTime(of: statusFile))
    let elsewhere = SysfsRoot(scene.root + "/nowhere")
    let state = MachineState.read(root: elsewhere, config: scene.configPath, stateDirectory: scene.stateDirectory, now: written + 600)
    guard case .stale = state.finding.service else {
        Issue.record("expected stale, got \(state.finding.service)")
        return
    }
    #expect(state.fromService)
    #expect(state.status.pid == getpid())
    withExtendedLifetime(lock) {}
}
