import ConfigReading
import Hardware
import StatusSchema

/// Where `status` and `watch` get their picture: the running service's status file when it
/// runs (found by ``ServiceProbe`` through its state directory), the hardware directly when it
/// does not, and what the probe found about the service and the config.
public struct MachineState {
    /// The picture, in the service's status format.
    public var status: ServiceStatus
    /// Whether it came from a running service.
    public var fromService: Bool
    /// The config, when it loaded.
    public var loaded: LoadedConfig?
    /// What the probe found: the service's state and the config's.
    public var finding: ServiceProbe.Finding

    /// Creates a value.
    public init(status: ServiceStatus, fromService: Bool, loaded: LoadedConfig?, finding: ServiceProbe.Finding) {
        self.status = status
        self.fromService = fromService
        self.loaded = loaded
        self.finding = finding
    }

    /// Reads the machine under `root` at wall-clock time `now`, through the service's state
    /// directory `stateDirectory` (default: `/run/mi50fan` below the root). `config` is the
    /// config the user named; the default path (``ConfigLoader/defaultPath``) means "the
    /// running service's, or the default when none runs".
    public static func read(root: SysfsRoot, config: String, stateDirectory: String? = nil, now: Double = WallClock.now()) -> MachineState {
        let probe = ServiceProbe(stateDirectory: stateDirectory ?? StateDirectory.defaultPath(root: root),
                                 requestedConfig: config == ConfigLoader.defaultPath ? nil : config)
        let finding = probe.probe(now: now)
        let loaded = try? finding.config.get()
        if let status = finding.status {
            return MachineState(status: status, fromService: true, loaded: loaded, finding: finding)
        }
        return MachineState(status: HardwareStatus.read(root: root, loaded: loaded, configPath: finding.configPath),
                            fromService: false, loaded: loaded, finding: finding)
    }
}
