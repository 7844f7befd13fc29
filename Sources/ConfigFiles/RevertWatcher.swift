import Subprocess
#if canImport(Glibc)
import Glibc
#endif

/// Starts the detached process that reverts an unconfirmed change at its deadline: the running
/// executable itself (`/proc/self/exe`), never a name looked up in the working directory or
/// `PATH`, so a file planted there is never run, least of all as root.
///
/// The watcher must outlive this process, and swift-subprocess only runs children it waits
/// for. So it runs a short-lived `/bin/sh` in a session of its own, which starts the watcher in
/// the background (standard streams on /dev/null), prints its pid and exits at once: the
/// watcher is left with no terminal to be hung up with, and this process waits for nothing.
public enum RevertWatcher {
    /// The executable that runs this process, as an absolute path.
    public static var runningExecutable: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "/proc/self/exe" }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Why the watcher could not be started.
    public struct LaunchFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `executable` with `arguments`, detached from the terminal (standard streams on
    /// /dev/null); returns its pid.
    public static func launch(arguments: [String], executable: String = runningExecutable) async throws -> Int32 {
        var options = PlatformOptions()
        options.createSession = true
        let script = #"exec "$0" "$@" </dev/null >/dev/null 2>&1 & echo $!"#
        let result = try await run(.path("/bin/sh"), arguments: Arguments(["-c", script, executable] + arguments), platformOptions: options,
                                   input: .none, output: .string(limit: 64), error: .discarded)
        guard result.terminationStatus.isSuccess, let pid = result.standardOutput.split(whereSeparator: \.isWhitespace).first.flatMap({ Int32($0) }) else {
            throw LaunchFailure(description: "/bin/sh could not start \(executable) (\(result.terminationStatus))")
        }
        return pid
    }
}
