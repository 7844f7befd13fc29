import Foundation
import Testing
import TestSupport

/// The `mi50fan bench` and `mi50fan report` commands docs/benchmarking.md shows: every one of its
/// indented code blocks (continuation lines joined) and of its tables (in backticks), in order.
func documentedBenchCommands() throws -> [String] {
    let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/benchmarking.md"), encoding: .utf8)
    var commands: [String] = []
    var pending: String?
    for line in doc.split(separator: "\n", omittingEmptySubsequences: false) {
        let text = line.trimmingCharacters(in: .whitespaces)
        if let started = pending {
            pending = started + " " + text
        } else if line.hasPrefix("    "), text.hasPrefix("mi50fan bench ") || text.hasPrefix("mi50fan report ") {
            pending = text
        } else {
            var rest = Substring(line)
            while let start = rest.range(of: "`mi50fan bench "), let end = rest[start.upperBound...].firstIndex(of: "`") {
                commands.append(String(rest[rest.index(after: start.lowerBound)..<end]))
                rest = rest[rest.index(after: end)...]
            }
        }
        if let command = pending, !command.hasSuffix("\\") {
            commands.append(command)
            pending = nil
        } else if let command = pending {
            pending = String(command.dropLast()).trimmingCharacters(in: .whitespaces)
        }
    }
    return commands
}

@Test("every bench and report command of docs/benchmarking.md runs as printed against the real llama.cpp server (its endpoint put in; ollama's left out: no ollama here)",
      .enabled(if: MachineRequirement.runs(MachineRequirement.pythonVenv), "no python3 with venv here for the llama.cpp server"))
func documentedCommandsRun() throws {
    let server = try LlamaServer()
    // A directory of its own for the run directories, where the docs' relative paths resolve.
    let directory = scratchRunDirectory()
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for name in ["bench", "Tests"] {
        try FileManager.default.createSymbolicLink(atPath: directory + "/" + name, withDestinationPath: repositoryRoot.appendingPathComponent(name).path)
    }
    let documented = try documentedBenchCommands()
    #expect(documented.filter { $0.hasPrefix("mi50fan bench ") }.count >= 8 && documented.contains { $0.hasPrefix("mi50fan report ") }, "\(documented)")
    var commands: [String] = []
    for command in documented where !command.contains("--api ollama") {
        var text = command.replacingOccurrences(of: #"http://127\.0\.0\.1:[0-9]+"#, with: server.url, options: .regularExpression)
        text = text.replacingOccurrences(of: "--endpoint URL ", with: "--endpoint \(server.url) ")
        // The runs the docs merge are named by their date: here, today's.
        text = text.replacingOccurrences(of: #"mi50fan-bench-[0-9]{8}-\*"#, with: "mi50fan-bench-*", options: .regularExpression)
        if !commands.contains(text) { commands.append(text) }
    }
    for command in commands {
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
        let result = try runTool("/bin/sh", ["-c", "cd '\(directory)' && exec '\(mi50fanBinary.path)'" + command.dropFirst("mi50fan".count)])
        let made = Set(try FileManager.default.contentsOfDirectory(atPath: directory)).subtracting(before)
        if command.contains("--write-images") {
            #expect(result.status == 0 && made.contains("DIR"), "\(command): \(result.stderr)")
            let images = try FileManager.default.contentsOfDirectory(atPath: directory + "/DIR").sorted()
            #expect(images == (try FileManager.default.contentsOfDirectory(atPath: directory + "/bench/suites/images")).sorted(), "\(images)")
            continue
        }
        if command.hasPrefix("mi50fan report ") {
            #expect(result.status == 0, "\(command): \(result.stderr)")
            let summary = try String(contentsOfFile: directory + "/mi50-blog-summary.md", encoding: .utf8)
            #expect(result.stdout.contains("mi50-blog-summary.md") && summary.contains("| Framework |"), "\(command): \(result.stdout)")
            continue
        }
        let run = try #require(made.first { $0.hasPrefix("mi50fan-bench-") }, "\(command) wrote its run directory: \(result.stdout)\(result.stderr)")
        if result.status == 3 {
            // The image tasks of the dense-vision class ask a vision model; the test server's is text-only.
            let errors = try csvRows(directory + "/" + run + "/requests.csv").compactMap { $0["error"] }.filter { !$0.isEmpty }
            #expect(command.contains("--model-class dense-vision") && errors.allSatisfy { $0.contains("image input is not supported") }, "\(command): \(errors)")
        } else {
            #expect(result.status == 0, "\(command): \(result.stdout)\(result.stderr)")
        }
    }
}
