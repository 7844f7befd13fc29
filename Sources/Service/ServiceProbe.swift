import ConfigReading
import FanControl
import Glibc
import JSONText
import StatusSchema

/// Finds the fan service and tells how it is: running, hung (its status no longer moves),
/// dead (it did not stop cleanly and no longer holds its lock), or not running; and loads the
/// config `mi50fan status` checks. It looks in the service's state directory (`/run/mi50fan`
/// or `--state-dir`) for the ``ServicePointer`` the daemon leaves there, so the service is
/// found whatever config it was started with. Every time is passed in.
public struct ServiceProbe {
    /// The service's state directory.
    public var stateDirectory: String
    /// The config the user named, or `nil` to follow the running service's (or the default).
    public var requestedConfig: String?
    /// The config used when none is named and no service runs.
    public var defaultConfig: String
    /// Whether a process with a pid exists.
    public var processAlive: (Int32) -> Bool

    /// Creates a probe of `stateDirectory`.
    public init(stateDirectory: String, requestedConfig: String?, defaultConfig: String = ConfigLoader.defaultPath,
                processAlive: @escaping (Int32) -> Bool = ServiceProbe.processExists) {
        self.stateDirectory = stateDirectory
        self.requestedConfig = requestedConfig
        self.defaultConfig = defaultConfig
        self.processAlive = processAlive
    }

    /// What the probe found.
    public struct Finding {
        /// The service's state.
        public var service: ServiceState
        /// The service's last status, when it runs or hangs.
        public var status: ServiceStatus?
        /// The config that was checked.
        public var configPath: String
        /// That config, loaded, or its problems.
        public var config: Result<LoadedConfig, ConfigProblems>
        /// Things worth saying that are not problems.
        public var notes: [String]
    }

    /// How long a running service's status may go without moving, for a control interval:
    /// five intervals, at least ten seconds.
    public static func staleAfter(intervalSeconds: Double) -> Double { max(5 * intervalSeconds, 10) }

    /// Whether a process with `pid` exists.
    public static func processExists(_ pid: Int32) -> Bool { pid > 0 && (kill(pid, 0) == 0 || errno == EPERM) }

    /// Looks at the service as of `now` (seconds since 1970).
    public func probe(now: Double) -> Finding {
        var directory = stateDirectory
        var pointer = ServicePointer.read(from: directory)
        if pointer == nil, InstanceLock.holder(in: directory) == nil, requestedConfig != nil {
            // A service started with its state directory beside the config's status file.
            let beside = PathText.directory(of: statusFile(of: requestedConfig!))
            if let found = ServicePointer.read(from: beside) { (directory, pointer) = (beside, found) }
            else if InstanceLock.holder(in: beside) != nil { directory = beside }
        }
        let configPath = requestedConfig ?? pointer?.config ?? defaultConfig
        var finding = Finding(service: .notRunning, status: nil, configPath: configPath,
                              config: ConfigLoader.load(path: configPath), notes: [])
        let holder = InstanceLock.holder(in: directory)
        if let pointer {
            if let requestedConfig, requestedConfig != pointer.config {
                finding.notes.append("the service runs \(pointer.config), not \(requestedConfig)")
            }
            guard let holder else {
                let how = processAlive(pointer.pid) ? "pid \(pointer.pid) exists but does not hold" : "pid \(pointer.pid) is gone and does not hold"
                finding.service = .dead(pid: pointer.pid, reason: "\(how) the lock \(InstanceLock.path(in: directory)); it did not stop cleanly")
                return finding
            }
            let pid = holder > 0 ? holder : pointer.pid
            read(pid: pid, statusFile: pointer.statusFile, interval: pointer.intervalSeconds,
                 heartbeat: BoundedRead.modificationTime(of: ServicePointer.path(in: directory)), now: now, into: &finding)
            if let error = pointer.statusFileError, case .running = finding.service {
                finding.service = .stale(pid: pid, reason: "the service (pid \(pid)) runs but cannot write its status file: \(error); what is shown is read from the hardware")
            }
            return finding
        }
        if let holder {
            // A service that holds the lock but left no pointer (it is starting).
            let statusFile = statusFile(of: configPath)
            let interval = (try? finding.config.get())?.config.interval.seconds ?? 1
            read(pid: holder, statusFile: statusFile, interval: interval, heartbeat: nil, now: now, into: &finding)
            return finding
        }
        if let outputs = OutputState.read(from: directory) {
            finding.service = .dead(pid: outputs.pid, reason: "pid \(outputs.pid) left its record of held outputs in \(directory) and no longer holds the lock; it did not stop cleanly")
        }
        return finding
    }

    /// The status file a config names (the default one when it does not load).
    private func statusFile(of configPath: String) -> String {
        if case .success(let node) = ConfigLoader.document(at: configPath), case .success(let config) = ConfigDecoder.decode(node) {
            return config.statusFile
        }
        return Config.defaultStatusFile
    }

    /// Reads the status of the service `pid` and tells running from hung.
    private func read(pid: Int32, statusFile: String, interval: Double, heartbeat: Double?, now: Double, into finding: inout Finding) {
        let limit = Self.staleAfter(intervalSeconds: interval)
        let status = BoundedRead.contents(of: statusFile, limit: 8 << 20).flatMap { try? JSONValueDecoder().decode(ServiceStatus.self, from: $0) }
        let written = status?.pid == pid ? BoundedRead.modificationTime(of: statusFile) : nil
        let latest = [heartbeat, written].compactMap { $0 }.max()
        finding.status = status?.pid == pid ? status : nil
        guard let latest else {
            finding.service = .stale(pid: pid, reason: "the service (pid \(pid)) holds the lock but has written no status to \(statusFile)")
            return
        }
        let age = now - latest
        if age > limit {
            finding.service = .stale(pid: pid, reason: "the service (pid \(pid)) has not completed a tick for \(Int(age))s (interval \(TimeSpan(seconds: interval))); it may be hung")
        } else {
            finding.service = .running(pid: pid)
        }
    }
}

/// The fan service's state as ``ServiceProbe`` finds it.
public enum ServiceState: Equatable, Sendable {
    /// It runs and its status is current.
    case running(pid: Int32)
    /// It holds its lock but its status has stopped moving (or was never written).
    case stale(pid: Int32, reason: String)
    /// It did not stop cleanly: its pointer or record is there but no process holds the lock.
    case dead(pid: Int32, reason: String)
    /// No service runs here and none died.
    case notRunning
}
