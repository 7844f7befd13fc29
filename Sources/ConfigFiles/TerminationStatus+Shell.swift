import Subprocess

extension TerminationStatus {
    /// The status as a shell tells it: the exit code, or 128 + N for death by signal N.
    public var shellStatus: Int32 {
        switch self {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }
}
