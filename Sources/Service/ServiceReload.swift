#if canImport(Glibc)
import Glibc
#endif

/// Asks the running fan service to reload its config (SIGHUP). The service is the holder of
/// the instance lock in its state directory (`/run/mi50fan`, or the `--state-dir` it was
/// started with), never a place a config names.
public enum ServiceReload {
    /// What asking for a reload did.
    public enum Outcome: Equatable, Sendable {
        /// No service holds the lock: the change applies when it starts.
        case notRunning
        /// The service was sent SIGHUP.
        case signalled(pid: Int32)
        /// The service runs but could not be signalled.
        case failed(pid: Int32, reason: String)

        /// One line for the user.
        public var message: String {
            switch self {
            case .notRunning: return "the service is not running; the change applies when it starts"
            case .signalled(let pid): return "the service (pid \(pid)) reloads its config"
            case .failed(let pid, let reason): return "cannot signal the service (pid \(pid)): \(reason); run `systemctl reload mi50fan`"
            }
        }
    }

    /// The running service's pid: the live holder of the lock in `stateDirectory`.
    public static func runningPID(stateDirectory: String) -> Int32? {
        guard let pid = InstanceLock.holder(in: stateDirectory), ServiceProbe.processExists(pid) else { return nil }
        return pid
    }

    /// Sends SIGHUP to the service whose state is in `stateDirectory`.
    public static func request(stateDirectory: String) -> Outcome {
        guard let pid = runningPID(stateDirectory: stateDirectory) else { return .notRunning }
        if kill(pid, SIGHUP) == 0 { return .signalled(pid: pid) }
        return .failed(pid: pid, reason: String(cString: strerror(errno)))
    }
}
