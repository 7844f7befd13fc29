import ConfigFiles
import FanControl
import Foundation
import Hardware
import Service
import Simulator
import Testing

/// A virtual MI50 with its config, and the real loop driving it one simulated second a tick.
private final class LoopBench {
    let machine: VirtualMI50Machine
    let loaded: LoadedConfig
    var loop: ControlLoop
    var chip: String { machine.cards[0].layout.chipPath }

    init(profile: LoadProfile = .idle) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-handover-\(UUID().uuidString)").path
        machine = VirtualMI50Machine(root: root, cards: 1, profile: profile, seed: 5)
        machine.build()
        machine.advance(by: 1)
        try SimulatedMachine.writeConfig(root: root, curve: "mi50-blower-balanced", curveText: nil)
        loaded = try ConfigLoader.load(path: SimulatedMachine.configPath(root: root)).get()
        loop = ControlLoop(loaded: loaded, root: machine.root, readClock: { 0 })
    }

    deinit { try? FileManager.default.removeItem(atPath: machine.rootPath) }

    /// Advances the card a second and ticks; `junction` overrides the card's junction reading.
    @discardableResult
    func tick(junction: Int? = nil) -> TickReport {
        machine.advance(by: 1)
        if let junction {
            try? "\(junction * 1000)\n".write(toFile: machine.cards[0].layout.gpuHwmonPath + "/temp2_input", atomically: false, encoding: .utf8)
        }
        return loop.tick(now: Timestamp(seconds: machine.time))
    }

    func read(_ file: String) -> String {
        ((try? String(contentsOfFile: chip + "/" + file, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func replaceWithDirectory(_ file: String) {
        unlink(chip + "/" + file)
        mkdir(chip + "/" + file, 0o755)
    }

    func restoreFile(_ file: String, _ text: String) throws {
        rmdir(chip + "/" + file)
        try (text + "\n").write(toFile: chip + "/" + file, atomically: false, encoding: .utf8)
    }
}

@Test("a reload hands the header over: no new take-over, no kick, and the firmware mode saved first is given back at the end")
func reloadHandsOver() throws {
    let bench = try LoopBench()
    _ = bench.loop.start()
    for _ in 0..<30 { bench.tick() }    // past the kick, settled at the idle duty
    let settled = bench.read("pwm2")
    #expect(bench.read("pwm2_enable") == "1")
    let next = ControlLoop(loaded: bench.loaded, root: bench.machine.root, continuing: bench.loop, readClock: { 0 })
    let events = bench.loop.release() + next.start()
    #expect(!events.contains { $0.message.contains("took control") }, "\(events.map(\.message))")
    #expect(bench.read("pwm2_enable") == "1", "the header never left manual mode")
    bench.loop = next
    bench.tick()
    #expect(bench.read("pwm2") == settled, "no kick to the start duty after a reload")
    _ = bench.loop.release()
    #expect(bench.read("pwm2_enable") == "5")
}

@Test("a header that reads as unreadable for a tick is found again and still given back to its firmware mode")
func unreadableHeaderKeepsFirmwareMode() throws {
    let bench = try LoopBench()
    _ = bench.loop.start()
    bench.tick()
    bench.replaceWithDirectory("pwm2_enable")
    let report = bench.tick()
    #expect(report.events.contains { $0.message.contains("unreadable") })
    try bench.restoreFile("pwm2_enable", "1")
    bench.tick()
    #expect(bench.read("pwm2_enable") == "1", "controlled again")
    _ = bench.loop.release()
    #expect(bench.read("pwm2_enable") == "5", "the mode saved before the glitch, not the manual mode found after it")
}

@Test("a PWM value that cannot be written falls back to pwm_enable 0 (full speed) until writes work again")
func failedWriteFallsBackToFullSpeed() throws {
    let bench = try LoopBench()
    _ = bench.loop.start()
    for _ in 0..<5 { bench.tick() }
    bench.replaceWithDirectory("pwm2")
    var failed = false
    for _ in 0..<3 where !failed {
        let report = bench.tick(junction: 88)    // the duty must change, so a write is tried
        failed = report.events.contains { $0.message.contains("pwm2") }
    }
    #expect(failed, "the failed write is reported")
    #expect(bench.read("pwm2_enable") == "0", "no control: full speed by the hwmon ABI")
    #expect(bench.machine.cards[0].headerDuty() == 1, "the fan runs at full speed")
    try bench.restoreFile("pwm2", "0")
    for _ in 0..<3 { bench.tick(junction: 88) }
    #expect(bench.read("pwm2_enable") == "1", "manual again once writes work")
    #expect(bench.read("pwm2") != "0")
    _ = bench.loop.release()
}

@Test("taking over a blower its tach shows turning writes the curve's duty at once; a stopped one is kicked to its start duty",
      arguments: [true, false])
func takeOverTurningFan(turning: Bool) throws {
    let bench = try LoopBench()
    let tach = bench.chip + "/fan\(bench.machine.cards[0].layout.header)_input"
    if !turning { try "0\n".write(toFile: tach, atomically: false, encoding: .utf8) }
    #expect((Int(bench.read("fan\(bench.machine.cards[0].layout.header)_input")) ?? 0 > 0) == turning)
    _ = bench.loop.start()
    let first = bench.tick()
    let startDuty = Duty(percent: 40)
    if turning {
        #expect(first.decisions[0].duty < startDuty, "an idle card's curve asks under the start duty: \(first.decisions[0].duty)")
        #expect(!first.decisions[0].notes.contains(.kick))
    } else {
        #expect(first.decisions[0].duty == startDuty)
        #expect(first.decisions[0].notes.contains(.kick))
    }
}
