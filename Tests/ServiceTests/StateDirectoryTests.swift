import Foundation
@testable import Service
import Testing

@Test("a symlinked state directory is refused however it is written: with a trailing slash too", arguments: ["", "/", "//"])
func symlinkedStateDirectoryWithSlashes(_ suffix: String) throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-state-link-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: base + "/elsewhere", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: base) }
    #expect(symlink(base + "/elsewhere", base + "/state") == 0)
    #expect(throws: StateDirectory.Refusal.self) { try StateDirectory.check(base + "/state" + suffix) }
    #expect(throws: StateDirectory.Refusal.self) { try StateDirectory.prepare(base + "/state" + suffix) }
    #expect(throws: StateDirectory.Refusal.self) { try InstanceLock(directory: base + "/state" + suffix) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: base + "/elsewhere").isEmpty, "nothing written through the link")
    try StateDirectory.prepare(base + "/real" + suffix)
    try StateDirectory.check(base + "/real" + suffix)
}

@Test("state files are read only when they are regular files: a FIFO, a symbolic link or an empty file reads as nothing, at once")
func stateFilesReadSafely() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-read-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect(mkfifo(directory + "/fifo", 0o600) == 0)
    #expect(BoundedRead.contents(of: directory + "/fifo", limit: 8 << 20) == nil)
    try "{}\n".write(toFile: directory + "/file", atomically: true, encoding: .utf8)
    #expect(BoundedRead.contents(of: directory + "/file", limit: 8 << 20) == Array("{}\n".utf8))
    #expect(BoundedRead.contents(of: directory + "/file", limit: 3) == nil, "a file of limit bytes or more is refused")
    try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: directory + "/file")
    #expect(BoundedRead.contents(of: directory + "/link", limit: 100) == nil)
    try "".write(toFile: directory + "/empty", atomically: true, encoding: .utf8)
    #expect(BoundedRead.contents(of: directory + "/empty", limit: 100) == nil)
}
