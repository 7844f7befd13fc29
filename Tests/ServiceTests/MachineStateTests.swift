import ConfigFiles
import Foundation
import Hardware
@testable import Service
import Testing

@Test("without a service, the picture is read from the hardware: the config's cards and fans, the fans marked as not under the service")
func machineStateFromHardware() throws {
    let scene = try ProbeScene(withCard: true)
    defer { scene.remove() }
    let state = MachineState.read(root: SysfsRoot(scene.root), config: scene.configPath)
    #expect(!state.fromService)
    #expect(state.finding.service == .notRunning)
    let loaded = try #require(state.loaded)
    #expect(state.status.cards.map(\.name) == loaded.config.gpus.map(\.name))
    #expect(state.status.cards.first?.temperatures["junction"] != nil, "the simulated card's junction is read")
    #expect(state.status.fans.map(\.name) == loaded.config.fans.map(\.name))
    #expect(state.status.fans.allSatisfy { $0.mode == "service not running" })
}

@Test("with a running service and the default config path, the service's status and config are the picture")
func machineStateFromService() throws {
    let scene = try ProbeScene(withCard: true)
    defer { scene.remove() }
    let lock = try InstanceLock(directory: scene.stateDirectory)
    try scene.service(pid: getpid())
    let state = MachineState.read(root: SysfsRoot(scene.root), config: ConfigLoader.defaultPath, now: scene.written)
    #expect(state.fromService)
    #expect(state.finding.service == .running(pid: getpid()))
    #expect(state.finding.configPath == scene.configPath, "the default path stands for the running service's config")
    #expect(state.status == state.finding.status, "the picture is the service's status file")
    #expect(state.status.fans.allSatisfy { $0.mode == "curve" })
    #expect(state.loaded != nil)
    withExtendedLifetime(lock) {}
}

@Test("a service that stopped moving keeps its last picture, marked stale; a state directory given explicitly is the one probed")
func machineStateStale() throws {
    let scene = try ProbeScene()
    defer { scene.remove() }
    let lock = try InstanceLock(directory: scene.stateDirectory)
    try scene.service(pid: getpid())
    let elsewhere = SysfsRoot(scene.root + "/nowhere")
    let state = MachineState.read(root: elsewhere, config: scene.configPath, stateDirectory: scene.stateDirectory, now: scene.written + 600)
    guard case .stale = state.finding.service else {
        Issue.record("expected stale, got \(state.finding.service)")
        return
    }
    #expect(state.fromService)
    #expect(state.status.pid == getpid())
    withExtendedLifetime(lock) {}
}
