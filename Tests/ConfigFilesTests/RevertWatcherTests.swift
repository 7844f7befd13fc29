import ConfigFiles
import Foundation
import Testing

@Test("the revert watcher starts detached: its own session, standard input from /dev/null, and its pid comes back")
func revertWatcherDetached() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-watcher-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let fifo = directory + "/report"
    #expect(mkfifo(fifo, 0o600) == 0)
    // The stand-in watcher reports its pid and standard input into the FIFO; opening it for
    // writing blocks until the test reads, so the watcher is alive while its session is checked.
    let pid = try await RevertWatcher.launch(arguments: ["-c", #"echo "$$ $(readlink /proc/$$/fd/0)" > "$0""#, fifo], executable: "/bin/sh")
    #expect(getsid(pid) != getsid(0), "the watcher is in a session of its own")
    let reader = open(fifo, O_RDONLY)
    #expect(reader >= 0)
    var bytes = [UInt8](repeating: 0, count: 128)
    let count = read(reader, &bytes, bytes.count)
    close(reader)
    let words = String(decoding: bytes.prefix(max(0, count)), as: UTF8.self).split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    #expect(words == ["\(pid)", "/dev/null"])
}

@Test("the running executable is named by its absolute path, never looked up")
func runningExecutablePath() {
    #expect(RevertWatcher.runningExecutable.hasPrefix("/"))
    #expect(FileManager.default.isExecutableFile(atPath: RevertWatcher.runningExecutable))
}
