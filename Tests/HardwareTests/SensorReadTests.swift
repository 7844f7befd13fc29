import FanControl
import Foundation
@testable import Hardware
import Testing

struct FileCase: Sendable, CustomTestStringConvertible {
    let content: String?   // nil: the file is removed; "<dir>": replaced by a directory (a failing read)
    let expected: Result<Double, SensorFault>
    var testDescription: String { content.map { "«\($0)»" } ?? "missing" }
}

@Test("junction file contents and failures: a value in °C, or unknown with its cause, never 0", arguments: [
    FileCase(content: "78000\n", expected: .success(78)),
    FileCase(content: "78000", expected: .success(78)),
    FileCase(content: " 45000 \n", expected: .success(45)),
    FileCase(content: "-5000\n", expected: .failure(.implausible(-5))),   // no running GPU is below 0 °C
    FileCase(content: "", expected: .failure(.empty)),
    FileCase(content: "\n", expected: .failure(.empty)),
    FileCase(content: "N/A\n", expected: .failure(.notANumber)),
    FileCase(content: "78.5\n", expected: .failure(.notANumber)),
    FileCase(content: "99999999999999999999999\n", expected: .failure(.notANumber)),
    FileCase(content: "-273150\n", expected: .failure(.implausible(-273.15))),
    FileCase(content: "300000\n", expected: .failure(.implausible(300))),
    FileCase(content: "65535000\n", expected: .failure(.implausible(65535))),
    FileCase(content: nil, expected: .failure(.missing)),
    FileCase(content: "<dir>", expected: .failure(.readError(errno: 21))),
])
func junctionFile(_ example: FileCase) throws {
    let fixture = try FixtureRoot()
    let gpu = try GPUDiscovery.find(.pciSlot("0000:44:00.0"), in: GPUDiscovery(root: fixture.root).scan()).get()
    let file = fixture.path + "/" + mi50Hwmon + "/temp2_input"
    try FileManager.default.removeItem(atPath: file)
    switch example.content {
    case nil: break
    case "<dir>": try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: false)
    case let text?: try text.write(toFile: file, atomically: false, encoding: .utf8)
    }
    #expect(SysfsSensorReader(root: fixture.root).read(.junction, of: gpu) == example.expected)
}

@Test("every GPU sensor on the MI50 fixture, in its unit", arguments: [
    (GPUSensor.edge, 45.0), (.junction, 46.0), (.mem, 44.0), (.power, 19.0), (.busy, 0.0),
])
func gpuSensors(sensor: GPUSensor, value: Double) throws {
    let fixture = try FixtureRoot()
    let gpu = try GPUDiscovery.find(.pciSlot("0000:44:00.0"), in: GPUDiscovery(root: fixture.root).scan()).get()
    #expect(try SysfsSensorReader(root: fixture.root).read(sensor, of: gpu).get() == value)
}

@Test("power: power1_average where the kernel shows it, power1_input otherwise")
func powerFile() throws {
    let fixture = try FixtureRoot()
    let gpus = GPUDiscovery(root: fixture.root).scan()
    let vega = try #require(gpus.first)
    #expect(GPUSensor.power.path(on: vega, root: fixture.root)?.hasSuffix("power1_average") == true)
    #expect(GPUSensor.power.path(on: gpus[1], root: fixture.root)?.hasSuffix("power1_input") == true)
}

@Test("sysfs integer parser", arguments: [
    ("42\n", 42 as Int?), ("-7", -7), ("+3", 3), ("0", 0), ("", nil), ("-", nil), ("1e3", nil), ("12 34", nil),
])
func integerParser(text: String, value: Int?) {
    #expect((try? SysfsValue.integer(Array(text.utf8), path: "x").get()) == value)
}
