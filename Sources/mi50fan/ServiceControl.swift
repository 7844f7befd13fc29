import ConfigFiles
import FanControl
import Foundation
import Hardware
import Service

/// Finds the running service and asks it to reload its config.
enum ServiceControl {
    /// The state directory for a config (where the status file and lock live).
    static func stateDirectory(configPath: String) -> String {
        var statusFile = Config.defaultStatusFile
        if case .success(let node) = ConfigLoader.document(at: configPath), case .success(let config) = ConfigDecoder.decode(node) {
            statusFile = config.statusFile
        }
        return (statusFile as NSString).deletingLastPathComponent
    }

    /// The running service's pid, if one runs: the holder of the instance lock in the
    /// service's fixed state directory (/run/mi50fan), or in the directory of the config's
    /// status file (a service started with `--root` or `--state-dir` there).
    static func runningPID(configPath: String) -> Int32? {
        for directory in [StateDirectory.defaultPath(root: .system), stateDirectory(configPath: configPath)] {
            if let pid = InstanceLock.holder(in: directory), pid > 0, MachineState.processAlive(pid) { return pid }
        }
        return nil
    }

    /// Sends SIGHUP to the running service; returns a line for the user.
    @discardableResult
    static func reload(configPath: String) -> String {
        guard let pid = runningPID(configPath: configPath) else { return "the service is not running; the change applies when it starts" }
        if kill(pid, SIGHUP) == 0 { return "the service (pid \(pid)) reloads its config" }
        return "cannot signal the service (pid \(pid)): \(String(cString: strerror(errno))); run `systemctl reload mi50fan`"
    }
}
