import Foundation
import Service
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
