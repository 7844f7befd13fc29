import Foundation
@testable import Hardware
import Testing

@Test("a kept-open attribute sees new values, notices removal, and finds a recreated file")
func attributeHandle() throws {
    let fixture = try FixtureRoot()
    let path = fixture.path + "/" + mi50Hwmon + "/temp2_input"
    let handle = AttributeHandle(path: path, root: fixture.root)
    #expect(try handle.readInteger().get() == 46000)
    // Rewritten in place, as sysfs and the simulator do.
    let descriptor = open(path, O_WRONLY)
    _ = Array("78000\n".utf8).withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    close(descriptor)
    #expect(try handle.readInteger().get() == 78000)
    try FileManager.default.removeItem(atPath: path)
    #expect(handle.readInteger() == .failure(.missing(path: path)))
    try "51000\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(try handle.readInteger().get() == 51000)
    try FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    #expect(handle.readInteger() == .failure(.failed(path: path, errno: 21)))
}

@Test("a kept-open attribute writes whole values, shorter ones too, and follows a replaced file")
func attributeHandleWrites() throws {
    let fixture = try FixtureRoot()
    let path = fixture.path + "/" + nctHwmon + "/pwm2"
    let handle = AttributeHandle(path: path, root: fixture.root)
    for value in [255, 7, 0, 128, -1] {
        try handle.writeInteger(value).get()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "\(value)\n")
    }
    // Replaced under the handle (another writer's rename): the new file gets the next write.
    try "99\n".write(toFile: path, atomically: true, encoding: .utf8)
    try handle.writeInteger(64).get()
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "64\n")
    // Gone, and a directory in its place: the write fails with the cause.
    try FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    #expect(throws: SysfsError.failed(path: path, errno: EISDIR)) { try handle.writeInteger(50).get() }
    try FileManager.default.removeItem(atPath: path)
    #expect(FileManager.default.createFile(atPath: path, contents: Data("200\n".utf8)))
    try handle.writeInteger(50).get()
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "50\n")
}

@Test("under the real root a handle is one pread or pwrite: sysfs neither replaces files nor needs truncating")
func attributeHandleOnSysfs() throws {
    let fixture = try FixtureRoot()
    let path = fixture.path + "/" + nctHwmon + "/pwm2"
    let handle = AttributeHandle(path: path, root: .system)
    #expect(handle.onSysfs)
    try handle.writeInteger(128).get()
    #expect(try handle.readInteger().get() == 128)
    try "99\n".write(toFile: path, atomically: true, encoding: .utf8)   // replaced: a fixture does this, sysfs does not
    #expect(try handle.readInteger().get() == 128, "no fstat: the file opened first is the one read")
    let other = fixture.path + "/" + nctHwmon + "/pwm3"
    let writer = AttributeHandle(path: other, root: .system)
    try writer.writeInteger(255).get()
    try writer.writeInteger(7).get()
    #expect(try String(contentsOfFile: other, encoding: .utf8) == "7\n5\n", "one pwrite, no truncation: sysfs takes the value whole")
}

@Test("a file found missing is looked for again only after the reads it skips")
func attributeHandleSkipsMissing() throws {
    let fixture = try FixtureRoot()
    let path = fixture.path + "/" + mi50Hwmon + "/freq9_input"
    let handle = AttributeHandle(path: path, root: fixture.root, skipsAfterMissing: 3)
    #expect(handle.readInteger() == .failure(.missing(path: path)))
    try "42\n".write(toFile: path, atomically: true, encoding: .utf8)
    for _ in 0..<3 { #expect(handle.readInteger() == .failure(.missing(path: path)), "skipped: not looked for") }
    #expect(try handle.readInteger().get() == 42, "looked for again, and found")
    let everyTime = AttributeHandle(path: path + ".absent", root: fixture.root)
    #expect(everyTime.skipsAfterMissing == 0)
}
