import ConfigFiles
import Foundation
import Testing

@Test("a curve is found by path, in the curves directory before the shipped ones, or shipped; a missing one names the option")
func curveLocator() throws {
    let directory = try TemporaryDirectory()
    let text = "points:\n  - [40, 30%]\n  - [80, 100%]\ncritical: 95\n"
    let path = try directory.write("curves/mine.yaml", text)
    let byPath = try CurveLocator.find(path, curvesDirectory: nil).get()
    #expect(byPath.name == "mine" && byPath.source == path && byPath.text == text)
    let byName = try CurveLocator.find("mine", curvesDirectory: directory.path + "/curves").get()
    #expect(byName.source == path)
    try directory.write("curves/mi50-blower-balanced.yaml", text)
    #expect(try CurveLocator.find("mi50-blower-balanced", curvesDirectory: directory.path + "/curves").get().source.hasPrefix(directory.path),
            "a file in the curves directory wins over the shipped curve")
    // A shipped name not in the curves directory: ./curves (the repository's, when the tests
    // run in it) or /etc/mi50fan/curves, else the copy built into the binary.
    let shipped = try CurveLocator.find("mi50-blower-quiet", curvesDirectory: directory.path + "/curves").get()
    let onDisk = ["/etc/mi50fan/curves/mi50-blower-quiet.yaml", "curves/mi50-blower-quiet.yaml"].first { FileManager.default.fileExists(atPath: $0) }
    #expect(shipped.source == onDisk ?? "built in")
    #expect((shipped.text == nil) == (onDisk == nil))
    guard case .failure(let problems) = CurveLocator.find("nonexistent", curvesDirectory: nil, option: "--from") else {
        Issue.record("a missing curve is found")
        return
    }
    #expect(CurveLocator.message(problems).hasPrefix("--from: no curve `nonexistent`"))
}
