import Foundation
import Testing

@Test("the confirm line curve set prints works as printed: it carries the command's --config")
func confirmHintWorksAsPrinted() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-confirm-hint-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let config = directory + "/config.yaml"
    #expect(try runMI50Fan(["curve", "new", "mine", "--from", "mi50-blower-balanced", "--config", config]).status == 0)
    let set = try runMI50Fan(["curve", "set", "mine", "60", "50%", "--config", config, "--confirm", "30s"])
    #expect(set.status == 0, "\(set.stderr)")
    let line = try #require(set.stdout.split(separator: "`").map(String.init).first { $0.hasPrefix("mi50fan curve confirm") }, "\(set.stdout)")
    #expect(line.contains("--config \(config)"))
    let confirm = try runMI50Fan(Array(line.split(separator: " ").dropFirst().map(String.init)))
    #expect(confirm.status == 0, "\(confirm.stderr)")
}
