import Foundation

/// Starts the detached process that reverts an unconfirmed change at its deadline: the running
/// executable itself (`/proc/self/exe`), never a name looked up in the working directory or
/// `PATH`, so a file planted there is never run, least of all as root.
public enum RevertWatcher {
    /// The executable that runs this process.
    public static let runningExecutable = "/proc/self/exe"

    /// Starts `executable` with `arguments`, detached from the terminal (standard streams on
    /// /dev/null); returns its pid.
    public static func launch(arguments: [String], executable: String = runningExecutable) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process.processIdentifier
    }
}
