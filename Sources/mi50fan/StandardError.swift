import Foundation

/// Writes a line (or, with `newline: false`, a prompt) to standard error.
func printError(_ message: String, newline: Bool = true) {
    FileHandle.standardError.write(Data((message + (newline ? "\n" : "")).utf8))
}
