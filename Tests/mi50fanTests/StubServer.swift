import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The scripted inference server (Tests/Support/llm/stub-server.py) on 127.0.0.1, for as long
/// as the value lives: each connection gets the next scenario of its script.
final class StubServer {
    private let process = Process()
    private let output = Pipe()
    private var buffer = Data()
    /// The port it listens on.
    private(set) var port = 0
    var url: String { "http://127.0.0.1:\(port)" }

    init(_ scenarios: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [repositoryRoot.appendingPathComponent("Tests/Support/llm/stub-server.py").path] + scenarios
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output
        try process.run()
        let first = try #require(nextLine(), "the stub server printed its port")
        port = try #require(Int(first.dropFirst("port ".count)))
    }

    /// The next line the server printed (`request N SCENARIO PATH`, `body ...`), waiting for it;
    /// nil when the server has gone.
    func nextLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer = Data(buffer[buffer.index(after: newline)...])
                return line
            }
            let more = output.fileHandleForReading.availableData
            if more.isEmpty { return nil }
            buffer += more
        }
    }

    /// Everything the server printed so far, once it has been stopped.
    func stopAndReadLog() -> [String] {
        stop()
        var lines: [String] = []
        while let line = nextLine() { lines.append(line) }
        return lines
    }

    func stop() {
        // SIGKILL: the test process blocks SIGTERM, and its children inherit that.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// A suite of `count` text tasks named t1, t2... with short prompts, written to a temporary file.
func stubSuite(tasks count: Int, maxTokens: Int = 3) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-suite-\(UUID().uuidString).yaml").path
    var text = "name: stub\ndefaults:\n  max_tokens: \(maxTokens)\ntasks:\n"
    for index in 1...count { text += "  - id: t\(index)\n    prompts:\n      en: \"Question number \(index): what is \(index) + \(index)?\"\n" }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// A fresh run directory path under the temporary directory (not created).
func scratchRunDirectory() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-bench-\(UUID().uuidString)").path
}
