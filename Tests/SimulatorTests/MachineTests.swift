import FanControl
import Foundation
import Hardware
@testable import Simulator
import SimulationHarness
import Testing

@Test("a machine of N cards: each card at its own slot and hwmon, each fan on its own header", arguments: [1, 2, 4, 8])
func machineLayout(cards: Int) throws {
    let root = SimulatorRoot()
    let machine = VirtualMI50Machine(root: root.path, cards: cards, profile: .idle, seed: 4)
    machine.build()
    machine.advance(by: 1)
    let found = GPUDiscovery(root: machine.root).scan()
    #expect(found.map(\.pciSlot) == machine.cards.map(\.layout.slot))
    #expect(Set(found.map(\.pciSlot)).count == cards)
    #expect(found.allSatisfy { $0.temperature("junction") != nil && $0.hwmonPath != nil })
    #expect(Set(found.compactMap(\.hwmonName)).count == cards)
    #expect(Set(found.compactMap(\.cardName)).count == cards)
    #expect(machine.cards.map(\.layout.header) == Array(2..<(2 + cards)))
    let headers = root.read("sys/devices/platform/nct6775.656/hwmon/hwmon2/name")
    #expect(headers == "nct6798\n")
    for header in 1...max(3, cards + 1) {
        #expect(root.read("sys/devices/platform/nct6775.656/hwmon/hwmon2/pwm\(header)_enable") != nil, "header \(header)")
    }
    #expect(root.read("sys/devices/platform/nct6775.656/hwmon/hwmon2/pwm\(max(3, cards + 1) + 1)") == nil)
    #expect(Set(machine.cards.map { root.read($0.layout.gpuDeviceDirectory.replacingOccurrences(of: "devices/", with: "sys/devices/", options: .anchored) + "/unique_id") }).count == cards)
}

@Test("each card reads the duty of its own header: its fan and its temperature follow it")
func machineCardsFollowTheirHeaders() throws {
    let root = SimulatorRoot()
    let machine = VirtualMI50Machine(root: root.path, cards: 3, profile: .inference, seed: 9)
    machine.build()
    let chip = "sys/devices/platform/nct6775.656/hwmon/hwmon2/"
    for (header, raw) in [(2, "255"), (3, "0"), (4, "128")] {
        try "1\n".write(toFile: root.path + "/" + chip + "pwm\(header)_enable", atomically: false, encoding: .utf8)
        try "\(raw)\n".write(toFile: root.path + "/" + chip + "pwm\(header)", atomically: false, encoding: .utf8)
    }
    for _ in 0..<600 { machine.advance(by: 1) }
    #expect(machine.cards.map(\.appliedDuty) == [1, 0, 128.0 / 255])
    let rpm = (2...4).map { Int(root.read(chip + "fan\($0)_input")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? -1 }
    #expect(rpm[0] > rpm[2] && rpm[2] > rpm[1] && rpm[1] == 0, "\(rpm)")
    #expect(machine.cards[1].model.junction > machine.cards[0].model.junction, "the card without airflow runs hotter")
}

@Test("a simulated run of four cards drives four fans, and the summary covers the hottest card")
func fourCardRun() throws {
    let root = SimulatorRoot()
    let run = try SimulatedRun(root: root.path, profile: .stress, curve: "mi50-blower-balanced", seed: 3, cards: 4)
    var hottest = -Double.infinity
    simulate(run, seconds: 300) { _ in hottest = max(hottest, run.machine.cards.map(\.model.junction).max()!) }
    #expect(run.loop.loaded.config.fans.count == 4)
    let chip = "sys/devices/platform/nct6775.656/hwmon/hwmon2/"
    for header in 2...5 { #expect(root.read(chip + "pwm\(header)_enable") == "1\n", "header \(header) driven") }
    #expect(run.summary.cards == 4)
    #expect(run.summary.peakJunction == hottest)
    #expect(run.summary.text.contains("on 4 cards"))
}
