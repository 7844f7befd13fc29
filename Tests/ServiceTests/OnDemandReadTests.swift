import ConfigFiles
import FanControl
import Foundation
import Hardware
import Service
import Simulator
import Testing

@Test("the loop reads the card's power once at the start, then only once the junction has stood still for 10 s; meanwhile its last reading stands")
func loopReadsPowerOnDemand() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-on-demand-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let machine = VirtualMI50Machine(root: root, cards: 1, profile: .idle, seed: 5)
    machine.build()
    machine.advance(by: 1)
    try SimulatedMachine.writeConfig(root: root, curve: "mi50-blower-balanced", curveText: nil)
    let loaded = try ConfigLoader.load(path: SimulatedMachine.configPath(root: root)).get()
    let power = try #require(loaded.plan.sensorIndex(named: "mi50.power"), "the junction watches the card's power")
    let hwmon = machine.cards[0].layout.gpuHwmonPath
    let loop = ControlLoop(loaded: loaded, root: machine.root, readClock: { 0 })
    _ = loop.start()
    defer { _ = loop.release() }
    func write(_ file: String, _ value: Int) throws {
        try "\(value)\n".write(toFile: hwmon + "/" + file, atomically: false, encoding: .utf8)
    }
    /// One tick at `second`, the HBM moving as it does on a live card.
    func tick(_ second: Int) throws -> TickReport {
        try write("temp3_input", (40 + second % 2) * 1000)
        return loop.tick(now: Timestamp(seconds: Double(second)))
    }
    func powerShown(_ report: TickReport) -> Double? {
        if case .value(let watts, _) = report.readings[power] { return watts }
        return nil
    }
    try write("power1_average", 100_000_000)
    try write("temp2_input", 60_000)
    #expect(powerShown(try tick(0)) == 100, "read on the first tick")
    // The junction moves every second: the power is not read again.
    for second in 1...8 {
        try write("temp2_input", (60 + second) * 1000)
        try write("power1_average", (100 + second) * 1_000_000)
        #expect(powerShown(try tick(second)) == 100, "second \(second): not read")
    }
    // From 9 s the junction stands still; 10 s later the frozen-under-load check needs the power.
    try write("temp2_input", 75_000)
    try write("power1_average", 250_000_000)
    for second in 9...18 {
        #expect(powerShown(try tick(second)) == 100, "second \(second): still not read")
    }
    #expect(powerShown(try tick(19)) == 250, "read once the junction stood still for 10 s")
    try write("power1_average", 260_000_000)
    #expect(powerShown(try tick(20)) == 260, "and on every tick while it stands still")
}
