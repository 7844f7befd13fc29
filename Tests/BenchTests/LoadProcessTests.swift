import Bench
import Foundation
import Testing

/// A fresh directory for one test's files.
private func scratch() throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-load-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return directory
}

@Test("a load command runs in its own process group with its output in the log, and its exit status comes back")
func loadCommandExitStatus() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let load = try LoadProcess(["sh", "-c", "echo out; echo err >&2; read line; echo \"stdin: $line\"; exit 3"], log: directory + "/command.log")
    #expect(getpgid(load.pid) == load.pid, "the command leads its own process group")
    #expect(load.wait() == 3)
    let log = try String(contentsOfFile: directory + "/command.log", encoding: .utf8)
    #expect(log == "out\nerr\nstdin: \n", "standard output and error in the log; standard input is empty")
}

/// Whether `pid` is gone, a zombie, or has SIGTERM pending (it dies as soon as it runs).
private func terminated(_ pid: pid_t) -> Bool {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return true }
    let fields = Dictionary(status.split(separator: "\n").compactMap { line -> (String, String)? in
        let parts = line.split(separator: ":", maxSplits: 1)
        return parts.count == 2 ? (String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces)) : nil
    }, uniquingKeysWith: { a, _ in a })
    if fields["State"]?.hasPrefix("Z") == true || fields["State"]?.hasPrefix("X") == true { return true }
    let pending = [fields["ShdPnd"], fields["SigPnd"]].compactMap { $0.flatMap { UInt64($0, radix: 16) } }
    return pending.contains { $0 & (1 << UInt64(SIGTERM - 1)) != 0 }
}

@Test("stopping a load stops everything it started, not just the command")
func loadStopKillsTheGroup() throws {
    let directory = try scratch()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let fifo = directory + "/child"
    #expect(mkfifo(fifo, 0o600) == 0)
    let load = try LoadProcess(["sh", "-c", "sleep 300 & echo $! > \(fifo); wait"], log: directory + "/command.log")
    // Opening the FIFO waits for the shell to write its child's pid: an event, not a sleep.
    let reader = open(fifo, O_RDONLY)
    #expect(reader >= 0)
    var bytes = [UInt8](repeating: 0, count: 32)
    let count = read(reader, &bytes, bytes.count)
    close(reader)
    let text = String(decoding: bytes.prefix(max(0, count)), as: UTF8.self)
    let sleeper = try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(getpgid(sleeper) == load.pid, "the command's child is in its group")
    #expect(load.stop() == 128 + SIGTERM)
    #expect(terminated(sleeper), "the command's child got SIGTERM with it")
}

@Test("a command that cannot be started is an error naming why")
func loadCommandMissing() {
    #expect(throws: LoadProcess.SpawnFailure.self) { try LoadProcess(["/nonexistent/load"], log: "/dev/null") }
}
