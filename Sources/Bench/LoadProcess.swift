#if canImport(Glibc)
import Glibc
#endif

/// A load command (`stress -- CMD`) in its own process group, its output in a log file, so
/// stopping it stops everything it started.
public final class LoadProcess {
    /// The command's pid, which is also its process group.
    public let pid: pid_t

    /// Starts `arguments` (found on `PATH`) with standard input from /dev/null and its output
    /// in `log`.
    public init(_ arguments: [String], log: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group (Ctrl-C stops all of it), and signals as a fresh process has
        // them: this process blocks SIGINT/SIGTERM to receive them as events.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard result == 0 else { throw SpawnFailure(code: result) }
        self.pid = pid
    }

    /// Why the command could not be started.
    public struct SpawnFailure: Error, CustomStringConvertible {
        /// The errno posix_spawnp returned.
        public let code: Int32
        public var description: String { String(cString: strerror(code)) }
    }

    /// The exit status once the command has ended (nil while it runs).
    public func exitStatus() -> Int32? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        return Self.decode(status)
    }

    /// Waits for the command to end and returns its exit status (128 + N for signal N).
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return Self.decode(status)
    }

    private static func decode(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Stops the whole process group: SIGTERM, then SIGKILL after five seconds.
    public func stop() -> Int32 {
        kill(-pid, SIGTERM)
        for _ in 0..<50 {
            if let status = exitStatus() { return status }
            usleep(100_000)
        }
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return 128 + SIGKILL
    }
}
