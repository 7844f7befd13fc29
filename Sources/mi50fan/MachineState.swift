import ConfigFiles
import FanControl
import Foundation
import Hardware
import Service
import StatusSchema

/// Where `status` and `watch` get their picture: the running service's status file when it
/// runs (found by ``ServiceProbe`` through its state directory), the hardware directly when it
/// does not.
struct MachineState {
    /// The picture, in the service's status format.
    var status: ServiceStatus
    /// Whether it came from a running service.
    var fromService: Bool
    /// The config, when it loaded.
    var loaded: LoadedConfig?
    /// What the probe found: the service's state and the config's.
    var finding: ServiceProbe.Finding

    /// Reads the state for `global`'s config and root; the service's state directory is
    /// `stateDir` or `/run/mi50fan` below the root. Without `--config` (or with the default
    /// one) the running service's config is used.
    static func read(_ global: GlobalOptions, stateDir: String? = nil) -> MachineState {
        let probe = ServiceProbe(stateDirectory: stateDir ?? StateDirectory.defaultPath(root: global.sysfsRoot),
                                 requestedConfig: global.config == ConfigLoader.defaultPath ? nil : global.config)
        let finding = probe.probe(now: Date().timeIntervalSince1970)
        let loaded = try? finding.config.get()
        if let status = finding.status {
            return MachineState(status: status, fromService: true, loaded: loaded, finding: finding)
        }
        return MachineState(status: HardwareStatus.read(root: global.sysfsRoot, loaded: loaded, configPath: finding.configPath),
                            fromService: false, loaded: loaded, finding: finding)
    }
}
