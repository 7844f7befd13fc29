import FanControl
import Foundation
@testable import Hardware
import Testing

private let chipDirectory = "sys/devices/platform/1c21400.pwm/pwm/pwmchip0"

@Test("sysfs PWM: period, duty cycle in ns and enable; released at full duty")
func pwmClassChannel() throws {
    let fixture = try FixtureRoot()
    // The kernel creates pwm1/ when the channel is exported; a fixture has it ready.
    try FileManager.default.createDirectory(atPath: fixture.path + "/" + chipDirectory + "/pwm1", withIntermediateDirectories: true)
    for file in ["period", "duty_cycle", "enable"] { try fixture.write(chipDirectory + "/pwm1/" + file, "0\n") }
    let chip = try PWMChipDiscovery.find("1c21400.pwm", in: PWMChipDiscovery(root: fixture.root).scan()).get()
    let output = PWMClassOutput(root: fixture.root, chip: chip, channel: 1, period: TimeSpan(seconds: 0.00004))
    try output.takeControl()
    #expect(try fixture.read(chipDirectory + "/pwm1/period") == "40000")
    #expect(try fixture.read(chipDirectory + "/pwm1/enable") == "1")
    try output.write(Duty(percent: 25))
    #expect(try fixture.read(chipDirectory + "/pwm1/duty_cycle") == "10000")
    #expect(output.check() == .ok)
    try fixture.write(chipDirectory + "/pwm1/enable", "0\n")
    #expect(output.check() == .modeChanged(0))
    try output.release()
    #expect(try fixture.read(chipDirectory + "/pwm1/duty_cycle") == "40000")
    #expect(try fixture.read(chipDirectory + "/pwm1/enable") == "1")
}

@Test("an unexported channel is exported first")
func export() throws {
    let fixture = try FixtureRoot()
    let chip = try PWMChipDiscovery.find("1c21400.pwm", in: PWMChipDiscovery(root: fixture.root).scan()).get()
    let output = PWMClassOutput(root: fixture.root, chip: chip, channel: 0, period: TimeSpan(seconds: 0.00004))
    // The fixture has no kernel behind `export`, so pwm0/ never appears and the period write fails.
    #expect(throws: OutputError.self) { try output.takeControl() }
    #expect(try fixture.read(chipDirectory + "/export") == "0")
}

@Test("software PWM: on for duty x period at the start of each period", arguments: [
    (time: 0.0, duty: 0.5, on: true, next: 0.02), (time: 0.019, duty: 0.5, on: true, next: 0.001),
    (time: 0.02, duty: 0.5, on: false, next: 0.02), (time: 0.041, duty: 0.5, on: true, next: 0.019),
    (time: 0.0, duty: 0.0, on: false, next: 0.04), (time: 0.01, duty: 1.0, on: true, next: 0.04),
    (time: 0.0, duty: 0.01, on: false, next: 0.04), (time: 0.0, duty: 0.99, on: true, next: 0.04),
])
func softwarePWM(time: Double, duty: Double, on: Bool, next: Double) {
    let schedule = SoftwarePWMSchedule(frequency: 25)
    let level = schedule.level(at: time, duty: Duty(fraction: duty))
    #expect(level.on == on)
    #expect(abs(level.next - next) < 1e-9)
}
