import ConfigFiles
import Foundation
import Testing

@Test("a scratch directory is new, private, under its parent, and gone when removed")
func scratchDirectory() throws {
    let parent = try TemporaryDirectory()
    let first = try ScratchDirectory(parent: parent.path), second = try ScratchDirectory(parent: parent.path)
    #expect(first.path != second.path)
    #expect(first.path.hasPrefix(parent.path + "/mi50fan-edit-"))
    var status = stat()
    #expect(stat(first.path, &status) == 0 && status.st_mode & 0o777 == 0o700)
    let file = try first.create("c.yaml", text: "points: [[40, 30%]]\n")
    #expect(stat(file, &status) == 0 && status.st_mode & 0o777 == 0o600)
    #expect(try first.read("c.yaml") == "points: [[40, 30%]]\n")
    first.remove()
    #expect(!FileManager.default.fileExists(atPath: first.path))
}

@Test("the edited copy is read only as a regular file: a link or an oversized file is refused")
func scratchReadRefusesLinks() throws {
    let parent = try TemporaryDirectory()
    let scratch = try ScratchDirectory(parent: parent.path)
    let elsewhere = try parent.write("elsewhere.yaml", "points: [[40, 0%]]\n")
    try FileManager.default.createSymbolicLink(atPath: scratch.path + "/c.yaml", withDestinationPath: elsewhere)
    #expect(throws: BoundedFile.ReadError.self) { try scratch.read("c.yaml") }
    _ = try scratch.create("big.yaml", text: String(repeating: "#", count: 2000))
    #expect(throws: BoundedFile.ReadError.tooLarge(limit: 1000)) { try scratch.read("big.yaml", limit: 1000) }
}

@Test("a scratch directory in a missing parent is refused with the reason")
func scratchInMissingParent() {
    #expect(throws: ScratchDirectory.CreateError.self) { try ScratchDirectory(parent: "/nonexistent-mi50fan-parent") }
}
