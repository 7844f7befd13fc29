import Foundation
@testable import Hardware
import Testing

@Test("a kept-open attribute sees new values, notices removal, and finds a recreated file")
func attributeHandle() throws {
    let fixture = try FixtureRoot()
    let path = fixture.path + "/" + mi50Hwmon + "/temp2_input"
    let handle = AttributeHandle(path: path)
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
