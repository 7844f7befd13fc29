import Subprocess

/// The user's editor, as `curve edit` opens it: `$VISUAL`, else `$EDITOR`, else `vi`, run
/// through `/bin/sh` (so `code --wait` works) on this terminal.
public struct Editor: Sendable {
    /// The command as the environment gives it.
    public let command: String

    /// The editor `environment` names.
    public init(environment: [String: String]) {
        let named = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty }
        command = named ?? "vi"
    }

    /// Opens `file` and waits for the editor to end; returns its exit status (128 + N for
    /// signal N). Standard input, output and error are this process's: the terminal.
    public func edit(_ file: String) async throws -> Int32 {
        let result = try await run(.path("/bin/sh"), arguments: ["-c", "\(command) \"$1\"", "mi50fan-editor", file],
                                   input: .currentStandardInput, output: .currentStandardOutput, error: .currentStandardError)
        return result.terminationStatus.shellStatus
    }
}
