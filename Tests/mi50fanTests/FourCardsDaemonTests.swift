import Foundation
@testable import Simulator
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// docs/examples/four-cards.yaml with the repository's curves and the status and metrics kept
/// under the simulated machine's root.
private func fourCardsConfig() throws -> String {
    let example = try String(contentsOfFile: repositoryRoot.appendingPathComponent("docs/examples/four-cards.yaml").path, encoding: .utf8)
    let curves = "curves_dir: " + repositoryRoot.appendingPathComponent("curves").path
    let config = example.replacingOccurrences(
        of: "curves_dir: ../../curves", with: curves + "\nstatus_file: ROOT/run/mi50fan/status.json\nmetrics_dir: ROOT/metrics")
    #expect(config != example, "the example names the shipped curves directory")
    return config
}

@Test("the service runs docs/examples/four-cards.yaml against four simulated cards: each blower follows its own card on its own header")
func fourCardsExample() throws {
    let harness = try DaemonHarness(cards: 4, config: try fourCardsConfig())
    try FileManager.default.createDirectory(atPath: harness.root + "/metrics", withIntermediateDirectories: true)
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    for header in 1...5 { #expect(harness.read(harness.chip + "/pwm\(header)_enable") == "1", "header \(header) under control") }

    // Every card is found at its slot (two of them by PCI id and index) and read.
    let status = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: harness.statusPath))) as? [String: Any])
    let cards = try #require(status["cards"] as? [[String: Any]])
    #expect(cards.map { $0["name"] as? String } == ["gpu0", "gpu1", "gpu2", "gpu3"])
    #expect(cards.map { $0["pciSlot"] as? String } == harness.machine.cards.map { $0.layout.slot })
    for (card, virtual) in zip(cards, harness.machine.cards) {
        let file = harness.read(virtual.layout.gpuHwmonPath + "/temp2_input")
        #expect((card["temperatures"] as? [String: Double])?["junction"] == Double(file).map { $0 / 1000 })
    }
    let fans = try #require(status["fans"] as? [[String: Any]])
    #expect(fans.map { $0["name"] as? String } == ["blower0", "blower1", "blower2", "blower3", "chassis"])
    #expect(fans.allSatisfy { $0["mode"] as? String == "curve" }, "\(fans)")

    // The third card (found as the third 1002:66a1 in slot order) heats up: its blower on
    // pwm4 and the chassis fan speed up, the other cards' blowers do not.
    let idle = (2...5).map { Int(harness.read(harness.chip + "/pwm\($0)")) ?? -1 }
    try harness.write("97000\n", to: harness.machine.cards[2].layout.gpuHwmonPath + "/temp2_input")
    let hot = harness.waitForNotify { _ in (Int(harness.read(harness.chip + "/pwm4")) ?? 0) >= 250 }
    #expect(hot != nil, "blower2 follows gpu2's junction")
    #expect([2, 3, 5].map { Int(harness.read(harness.chip + "/pwm\($0)")) ?? -1 } == [idle[0], idle[1], idle[3]])
    #expect(harness.waitForNotify { _ in (Int(harness.read(harness.chip + "/pwm1")) ?? 0) > 200 } != nil, "the chassis fan follows the hottest card")

    // The metrics cover all four cards and five fans.
    let metrics = harness.read(harness.root + "/metrics/mi50fan.prom")
    for gpu in 0..<4 { #expect(metrics.contains("mi50fan_temperature_celsius{gpu=\"gpu\(gpu)\",sensor=\"junction\"}")) }
    #expect(metrics.contains("mi50fan_temperature_celsius{gpu=\"gpu2\",sensor=\"junction\"} 97"))
    for fan in ["blower0", "blower1", "blower2", "blower3", "chassis"] { #expect(metrics.contains("mi50fan_fan_duty_ratio{fan=\"\(fan)\"}")) }

    harness.signal(SIGTERM)
    let (code, log) = harness.finish()
    #expect(code == 0, "\(log)")
    for header in 1...5 { #expect(harness.read(harness.chip + "/pwm\(header)_enable") == "5", "header \(header) given back") }
}
