import ConfigFiles
import FanControl
import Foundation

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

    /// The running service's pid, if one runs.
    static func runningPID(configPath: String) -> Int32? {
        let lock = stateDirectory(configPath: configPath) + "/mi50fan.lock"
        guard let text = try? String(contentsOfFile: lock, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), MachineState.processAlive(pid) else { return nil }
        // The lock file outlives the process; only a held lock means a live service.
        let descriptor = open(lock, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return nil
        }
        return pid
    }

    /// Sends SIGHUP to the running service; returns a line for the user.
    @discardableResult
    static func reload(configPath: String) -> String {
        guard let pid = runningPID(configPath: configPath) else { return "the service is not running; the change applies when it starts" }
        if kill(pid, SIGHUP) == 0 { return "the service (pid \(pid)) reloads its config" }
        return "cannot signal the service (pid \(pid)): \(String(cString: strerror(errno))); run `systemctl reload mi50fan`"
    }
}
