import Foundation
import Testing

@Test("config check accepts every shipped curve and example config")
func acceptsShippedFiles() throws {
    let curves = repositoryRoot.appendingPathComponent("curves").path
    let files = try FileManager.default.contentsOfDirectory(atPath: curves).filter { $0.hasSuffix(".yaml") }.map { curves + "/" + $0 }
    let examples = repositoryRoot.appendingPathComponent("docs/examples/config.yaml").path
    let result = try runMI50Fan(["config", "check", "--curves-dir", curves, examples] + files)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("config.yaml: ok (config)"))
    #expect(result.stdout.contains("mi50-blower-balanced.yaml: ok (curve)"))
}

@Test("config check rejects a broken file with every problem, positions and fixes, and exit 1")
func rejectsBrokenFile() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("x.yaml").path
    try "points:\n  - [40, 30%]\n  - [75, 60%]\n  - [70, 70%]\nsmoothing: soon\n".write(toFile: path, atomically: true, encoding: .utf8)
    let before = try String(contentsOfFile: path, encoding: .utf8)
    let result = try runMI50Fan(["config", "check", path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("\(path):4:5: error: points must rise in temperature: 70 after 75"))
    #expect(result.stderr.contains("\(path):5:12: error: smoothing `soon` is not a duration"))
    #expect(result.stderr.contains("fix: put the points in order of temperature"))
    #expect(result.stderr.contains("2 problems"))
    #expect(result.stdout.isEmpty)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == before, "checking changes nothing")
}

@Test("config check on a missing file says so and what to do")
func missingFile() throws {
    let result = try runMI50Fan(["config", "check", "/nonexistent/mi50fan.yaml"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("/nonexistent/mi50fan.yaml:1:1: error: no such file"))
    #expect(result.stderr.contains("mi50fan detect --write"))
}
