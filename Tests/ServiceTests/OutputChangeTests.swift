import ConfigFiles
import FanControl
import Foundation
import Service
import Simulator
import Testing

@Test("the loop's output changes move when firmware takes the header or the chip is renumbered, and stand still otherwise")
func outputChangesFollowTheOutputs() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-output-changes-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let machine = VirtualMI50Machine(root: root, cards: 1, profile: .idle, seed: 4, faults: [
        ScheduledFault(.firmwareTakesPWM, start: 20), ScheduledFault(.chipRenumbers, start: 40),
    ])
    machine.build()
    machine.advance(by: 1)
    try SimulatedMachine.writeConfig(root: root, curve: "mi50-blower-balanced", curveText: nil)
    let loaded = try ConfigLoader.load(path: SimulatedMachine.configPath(root: root)).get()
    let loop = ControlLoop(loaded: loaded, root: machine.root, readClock: { 0 })
    let unheld = loop.outputChanges
    _ = loop.start()
    defer { _ = loop.release() }
    #expect(loop.outputChanges != unheld, "taking the header moves it")
    var changes: [Int: Int] = [:]
    for second in 2...60 {
        machine.advance(by: 1)
        _ = loop.tick(now: Timestamp(seconds: Double(second)))
        changes[second] = loop.outputChanges
        #expect(loop.outputRecords.count == 1, "the header is held again at once: second \(second)")
    }
    #expect(changes[2] == changes[19], "ticks that find, lose and take nothing leave it")
    #expect(changes[19] != changes[30], "taken back from the firmware")
    #expect(changes[30] == changes[39])
    #expect(changes[39] != changes[50], "found again under its new hwmon number")
    #expect(changes[50] == changes[60])
}
