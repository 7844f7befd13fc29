import FanControl
import Foundation
@testable import Hardware
import Testing

private func header(_ fixture: FixtureRoot, _ index: Int = 2) throws -> HwmonPWMOutput {
    let chip = try HwmonDiscovery.find(name: "nct6798", device: nil, in: HwmonDiscovery(root: fixture.root).scan()).get()
    return HwmonPWMOutput(root: fixture.root, chip: chip, index: index)
}

@Test("taking control saves the firmware mode and sets manual; duty maps onto 0...255")
func takeControlAndWrite() throws {
    let fixture = try FixtureRoot()
    let output = try header(fixture)
    try output.takeControl()
    #expect(output.savedMode == 5)
    #expect(try fixture.read(nctHwmon + "/pwm2_enable") == "1")
    for (duty, raw) in [(0.5, "128"), (0.0, "0"), (1.0, "255"), (0.35, "89")] {
        try output.write(Duty(fraction: duty))
        #expect(try fixture.read(nctHwmon + "/pwm2") == raw)
    }
    #expect(output.check() == .ok)
    #expect(output.identity == "nct6798 (platform/nct6775.656) pwm2")
}

@Test("pwmN_max sets the full scale where the chip has one")
func customMaximum() throws {
    let fixture = try FixtureRoot()
    try fixture.write(nctHwmon + "/pwm2_max", "100\n")
    let output = try header(fixture)
    try output.takeControl()
    try output.write(Duty(percent: 35))
    #expect(try fixture.read(nctHwmon + "/pwm2") == "35")
}

@Test("readback notices firmware taking the mode back and another writer changing the value")
func readback() throws {
    let fixture = try FixtureRoot()
    let output = try header(fixture)
    try output.takeControl()
    try output.write(Duty(percent: 60))
    try fixture.write(nctHwmon + "/pwm2_enable", "5\n")      // resume from suspend: firmware control again
    #expect(output.check() == .modeChanged(5))
    try output.reassertManual()
    #expect(output.check() == .ok)
    try fixture.write(nctHwmon + "/pwm2", "154\n")           // one step off: chip rounding, accepted
    #expect(output.check() == .ok)
    try fixture.write(nctHwmon + "/pwm2", "40\n")            // someone else wrote
    #expect(output.check() == .valueChanged(40))
    try FileManager.default.removeItem(atPath: fixture.path + "/" + nctHwmon + "/pwm2")
    #expect(output.check() == .unreadable(.missing(path: fixture.path + "/" + nctHwmon + "/pwm2")))
}

@Test("release restores the saved mode, or full speed when it was manual")
func release() throws {
    let fixture = try FixtureRoot()
    let output = try header(fixture)
    try output.takeControl()
    try output.write(Duty(percent: 30))
    try output.release()
    #expect(try fixture.read(nctHwmon + "/pwm2_enable") == "5")

    try fixture.write(nctHwmon + "/pwm3_enable", "1\n")
    let manual = try header(fixture, 3)
    try manual.takeControl()
    try manual.write(Duty(percent: 20))
    try manual.release()
    #expect(try fixture.read(nctHwmon + "/pwm3_enable") == "1")
    #expect(try fixture.read(nctHwmon + "/pwm3") == "255")
}

@Test("a write that fails is an error naming the file")
func failingWrite() throws {
    let fixture = try FixtureRoot()
    let output = try header(fixture)
    try output.takeControl()
    let file = fixture.path + "/" + nctHwmon + "/pwm2"
    try FileManager.default.removeItem(atPath: file)
    try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: false)
    #expect(throws: OutputError.io(.failed(path: file, errno: 21))) { try output.write(Duty(percent: 50)) }
}

@Test("a chip that will not take manual mode is refused with a reason")
func manualRefused() throws {
    let fixture = try FixtureRoot()
    let output = try header(fixture)
    let enable = fixture.path + "/" + nctHwmon + "/pwm2_enable"
    // A directory cannot be written: the enable write fails and the error names the file.
    try FileManager.default.removeItem(atPath: enable)
    try FileManager.default.createDirectory(atPath: enable, withIntermediateDirectories: false)
    #expect(throws: OutputError.self) { try output.takeControl() }
}

@Test("stall: above start duty with 0 RPM for N ticks", arguments: [
    (rpms: [0, 0, 0] as [Int?], duty: 0.6, stalled: true),
    (rpms: [0, 0], duty: 0.6, stalled: false),
    (rpms: [0, 0, 900, 0], duty: 0.6, stalled: false),
    (rpms: [0, 0, 0], duty: 0.3, stalled: false),          // below start duty: a fan may rest
    (rpms: [0, nil, 0, 0], duty: 0.6, stalled: true),       // an unreadable tach neither proves nor clears
])
func stall(rpms: [Int?], duty: Double, stalled: Bool) {
    var detector = StallDetector(ticks: 3)
    var result = false
    for rpm in rpms { result = detector.update(duty: Duty(fraction: duty), startDuty: Duty(percent: 40), rpm: rpm) }
    #expect(result == stalled)
}

@Test("tach reads RPM from fanN_input")
func tach() throws {
    let fixture = try FixtureRoot()
    let chip = try HwmonDiscovery.find(name: "nct6798", device: nil, in: HwmonDiscovery(root: fixture.root).scan()).get()
    #expect(try TachReader(root: fixture.root, chip: chip, index: 2).rpm().get() == 2350)
    #expect(TachReader(root: fixture.root, chip: chip, index: 9).rpm().failure != nil)
}
