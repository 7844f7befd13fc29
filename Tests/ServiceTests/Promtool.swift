import Foundation

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Prometheus's `promtool` (Debian: `prometheus`; `make deps` installs it).
enum Promtool {
    struct Result {
        let status: Int32
        let output: String
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "promtool is not on PATH: install Debian's `prometheus` package (`make deps` does)" }
    }

    /// The promtool on PATH.
    static var path: String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin"]
        return directories.map { $0 + "/promtool" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs promtool with `arguments` in `directory`, `input` on its standard input; throws
    /// ``Missing`` when there is no promtool (the checks must run, not be skipped).
    static func run(_ arguments: [String], in directory: String? = nil, input: String? = nil) throws -> Result {
        guard let path else { throw Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
