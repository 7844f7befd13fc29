import ConfigFiles
import FanControl
import Foundation
import Hardware
import Service
import Simulator
import Testing

/// A virtual MI50 with the simulator's config (a blower on the junction and HBM, the junction
/// checked against the card's power): the loaded config, the power's index in the plan and the
/// card's hwmon directory. Remove `root` when done.
private func onDemandScene(root: String) throws -> (machine: VirtualMI50Machine, loaded: LoadedConfig, power: Int, hwmon: String) {
    let machine = VirtualMI50Machine(root: root, cards: 1, profile: .idle, seed: 5)
    machine.build()
    machine.advance(by: 1)
    try SimulatedMachine.writeConfig(root: root, curve: "mi50-blower-balanced", curveText: nil)
    let loaded = try ConfigLoader.load(path: SimulatedMachine.configPath(root: root)).get()
    let power = try #require(loaded.plan.sensorIndex(named: "mi50.power"), "the junction watches the card's power")
    return (machine, loaded, power, machine.cards[0].layout.gpuHwmonPath)
}

/// A fresh directory for a scene.
private func sceneRoot() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-on-demand-\(UUID().uuidString)").path
}

@Test("the loop reads the card's power once at the start, then only once the junction has stood still for 10 s; meanwhile its last reading stands")
func loopReadsPowerOnDemand() throws {
    let root = sceneRoot()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (machine, loaded, power, hwmon) = try onDemandScene(root: root)
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

/// A clock for the loop's reads that a test can make jump, as a read that blocks does.
private final class ReadClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 0.0
    /// Added on each reading of the clock while set.
    private var step = 0.0
    func read() -> Double { lock.withLock { seconds += step; return seconds } }
    func block(by value: Double) { lock.withLock { step = value } }
}

@Test("a power whose last reading failed is read on every tick until it reads, and a tick whose reads block reads it too")
func loopReadsFailedOrBlockedPower() throws {
    let root = sceneRoot()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (machine, loaded, power, hwmon) = try onDemandScene(root: root)
    func write(_ file: String, _ text: String) throws { try (text + "\n").write(toFile: hwmon + "/" + file, atomically: false, encoding: .utf8) }
    let clock = ReadClock()
    let loop = ControlLoop(loaded: loaded, root: machine.root, readClock: { clock.read() })
    _ = loop.start()
    defer { _ = loop.release() }
    func tick(_ second: Int) throws -> Reading {
        try write("temp2_input", "\((60 + second % 2) * 1000)")    // the temperatures never stand still
        try write("temp3_input", "\((40 + second % 3) * 1000)")
        return loop.tick(now: Timestamp(seconds: Double(second))).readings[power]
    }
    try write("power1_average", "garbage")
    #expect(!(try tick(0)).isValue, "a fault on the first read")
    #expect(!(try tick(1)).isValue)
    try write("power1_average", "120000000")
    #expect(try tick(2) == .value(120, at: Timestamp(seconds: 2)), "read again as soon as it is back, though the junction moves")
    try write("power1_average", "130000000")
    #expect(try tick(3) == .value(120, at: Timestamp(seconds: 2)), "a good reading stands while the check does not need the power")
    clock.block(by: 0.5)                                          // every read takes half a second
    let blocked = try tick(4)
    guard case .value(let watts, _) = blocked else { Issue.record("no value: \(blocked)"); return }
    #expect(watts == 130, "a tick whose reads blocked reads the power too")
}
