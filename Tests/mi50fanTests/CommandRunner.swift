import Foundation

/// What a run of the built `mi50fan` binary printed and returned.
struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The built `mi50fan` binary: beside the test bundle, in the same build directory.
let mi50fanBinary = builtProduct("mi50fan")

/// The built fan service, `mi50fand`, which the systemd unit runs.
let mi50fandBinary = builtProduct("mi50fand")

/// A product of this build: beside the test bundle, in the same build directory.
private func builtProduct(_ name: String) -> URL {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<3 {
        let candidate = directory.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    return repositoryRoot.appendingPathComponent(".build/debug/" + name)
}

/// Runs `mi50fan` with `arguments` as a user would, and collects its output.
func runMI50Fan(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> CommandResult {
    try runTool(mi50fanBinary.path, arguments, environment: environment, input: input)
}

/// Runs any program and collects its output.
func runTool(_ tool: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe(), err = Pipe(), stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}
