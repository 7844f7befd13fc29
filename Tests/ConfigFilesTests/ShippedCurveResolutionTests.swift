import ConfigFiles
import FanControl
import Foundation
import Testing

private func configNaming(_ curve: String, in directory: String) throws -> String {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/config.yaml"
    try """
        version: 1
        gpus:
          - name: mi50
            pci_slot: "0000:44:00.0"
        fans:
          - name: blower
            output:
              hwmon: {chip: nct6798, pwm: 2}
            curve: \(curve)
            sensors: [mi50.junction]

        """.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Test("a shipped curve's name resolves for a config in a directory with no curves", arguments: BuiltInCurves.files.keys.sorted())
func shippedCurveResolvesAnywhere(name: String) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-anywhere-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let loaded = try ConfigLoader.load(path: configNaming(name, in: directory)).get()
    #expect(loaded.curves[name] == (try ConfigLoader.builtInCurve(named: name)?.get()))
}

@Test("a curve file beside the config wins over the shipped curve of the same name")
func curveFileOverridesShipped() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-anywhere-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = try configNaming("mi50-blower-max", in: directory)
    try FileManager.default.createDirectory(atPath: directory + "/curves", withIntermediateDirectories: true)
    try "points:\n  - [30, 40%]\n  - [70, 90%]\n".write(toFile: directory + "/curves/mi50-blower-max.yaml", atomically: true, encoding: .utf8)
    let loaded = try ConfigLoader.load(path: path).get()
    #expect(loaded.curves["mi50-blower-max"] != (try ConfigLoader.builtInCurve(named: "mi50-blower-max")?.get()))
    guard case .linear(let points)? = loaded.curves["mi50-blower-max"]?.shape else {
        Issue.record("the file's curve was not loaded")
        return
    }
    #expect(points.count == 2)
}

@Test("a missing curve's fix names the config, so the suggested command writes beside it")
func missingCurveFixNamesConfig() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-anywhere-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = try configNaming("mine", in: directory)
    guard case .failure(let problems) = ConfigLoader.load(path: path) else {
        Issue.record("a config naming a missing curve loaded")
        return
    }
    let fix = try #require(problems.problems.first?.fix)
    #expect(fix.contains("`mi50fan curve new mine --from mi50-blower-balanced --config \(path)`"))
}

@Test("the example config built into the binary is docs/examples/config.yaml, to the byte")
func shippedConfigExampleMatches() throws {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/examples/config.yaml")
    #expect(try String(contentsOf: file, encoding: .utf8) == ShippedConfigExample.text, "regenerate with `make builtin-curves`")
}
