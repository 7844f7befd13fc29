import Bench
import Foundation
import TestSupport
import Testing

/// A fresh directory for one test's files.
private func scratch() throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-load-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return directory
}

@Test("a load command runs in its own process group with its output in the log, and its exit status comes back")
func loadCommandExitStatus() async throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let load = try await LoadProcess.start(["sh", "-c", "echo out; echo err >&2; read line; echo \"stdin: $line\"; exit 3"], log: directory + "/command.log")
    #expect(getpgid(load.pid) == load.pid, "the command leads its own process group")
    #expect(await load.wait() == 3)
    #expect(load.exitStatus() == 3)
    let log = try String(contentsOfFile: directory + "/command.log", encoding: .utf8)
    #expect(log == "out\nerr\nstdin: \n", "standard output and error in the log; standard input is empty")
}

@Test("stopping a load stops everything it started, not just the command")
func loadStopKillsTheGroup() async throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let fifo = directory + "/child"
    #expect(mkfifo(fifo, 0o600) == 0)
    let load = try await LoadProcess.start(["sh", "-c", "sleep 300 & echo $! > \(fifo); wait"], log: directory + "/command.log")
    // Opening the FIFO waits for the shell to write its child's pid: an event, not a sleep.
    let reader = open(fifo, O_RDONLY)
    #expect(reader >= 0)
    var bytes = [UInt8](repeating: 0, count: 32)
    let count = read(reader, &bytes, bytes.count)
    close(reader)
    let text = String(decoding: bytes.prefix(max(0, count)), as: UTF8.self)
    let sleeper = try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(getpgid(sleeper) == load.pid, "the command's child is in its group")
    #expect(load.exitStatus() == nil, "it runs until stopped")
    #expect(await load.stop() == 128 + SIGTERM)
    #expect(ProcessState.terminated(sleeper), "the command's child got SIGTERM with it")
}

@Test("a command that cannot be started is an error naming why")
func loadCommandMissing() async {
    await #expect(throws: LoadProcess.SpawnFailure.self) { try await LoadProcess.start(["/nonexistent/load"], log: "/dev/null") }
    await #expect(throws: LoadProcess.SpawnFailure.self) { try await LoadProcess.start(["no-such-load-command-on-path"], log: "/dev/null") }
}
