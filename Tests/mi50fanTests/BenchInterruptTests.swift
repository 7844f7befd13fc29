import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Test("Ctrl-C during a hung request writes the requests measured so far, marked interrupted, and exits 130")
func benchInterrupted() throws {
    let server = try StubServer(["ok", "hang"])
    let suite = try stubSuite(tasks: 3)
    let out = scratchRunDirectory()
    defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: suite) }
    let process = Process()
    process.executableURL = mi50fanBinary
    process.arguments = ["bench", "--endpoint", server.url, "--api", "openai", "--suite", suite, "--no-warmup", "--framework", "stub",
                         "--output", out, "--root", out + "/no-machine"]
    let errors = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // The stub's word that the second request arrived (it will not answer it for 60 s).
    while let line = server.nextLine(), !line.hasPrefix("request 2 hang") {}
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    #expect(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("interrupted: 1 of 3 requests"))
    let run = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/run.json"))) as? [String: Any]
    #expect(run?["interrupted"] as? Bool == true)
    #expect((run?["requests"] as? [[String: Any]])?.map { $0["task"] as? String } == ["t1"])
    let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
    #expect(summary.contains("**stub: interrupted** (Ctrl-C) after 1 request"))
    #expect(summary.contains("| 40 | 100.0 | 10.0 tokens/s |"))
}
