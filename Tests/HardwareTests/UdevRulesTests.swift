import FanControl
import Foundation
import Hardware
import Testing

/// The fixture machine: a Super I/O chip, a GPIO chip (`fake-fan-gpio`, gpiochip0 under
/// gpio-sim.0) and a PWM chip (`1c21400.pwm`, pwmchip0), shaped as the kernel presents them.
private func machine() throws -> FixtureRoot { try FixtureRoot() }

/// The rule lines (comments and blank lines left out).
private func rules(_ text: String) -> [String] {
    text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
}

@Test("a hwmon output gets a rule for its one header on its one chip, matched by device path")
func hwmonRule() throws {
    let fixture = try machine()
    let (text, skipped) = UdevRules.render(outputs: [("blower", .hwmon(chip: "nct6798", device: nil, index: 2))], root: fixture.root)
    #expect(skipped.isEmpty)
    #expect(rules(text) == [
        "ACTION==\"add\", SUBSYSTEM==\"hwmon\", ATTR{name}==\"nct6798\", DEVPATH==\"/devices/platform/nct6775.656/hwmon/hwmon*\", "
            + "RUN+=\"/bin/chgrp mi50fan /sys%p/pwm2 /sys%p/pwm2_enable\", RUN+=\"/bin/chmod g+w /sys%p/pwm2 /sys%p/pwm2_enable\"",
    ])
    #expect(!text.contains("pwm[0-9]") && !text.contains("-R"))
}

@Test("a GPIO output gets its one chip, a PWM-class output its one channel")
func gpioAndPWMRules() throws {
    let fixture = try machine()
    let gpio = GPIOOutputConfig(chip: "fake-fan-gpio", line: 5, activeLow: false, pwmFrequency: nil)
    let (text, skipped) = UdevRules.render(outputs: [("gpio-fan", .gpio(gpio)),
                                                     ("soc-fan", .pwmClass(chip: "1c21400.pwm", channel: 1, period: TimeSpan(seconds: 0.00004)))],
                                           root: fixture.root)
    #expect(skipped.isEmpty)
    let found = rules(text)
    #expect(found.first == "SUBSYSTEM==\"gpio\", KERNEL==\"gpiochip[0-9]*\", DEVPATH==\"/devices/platform/gpio-sim.0/gpiochip*\", GROUP=\"mi50fan\", MODE=\"0660\"")
    #expect(found.count == 3)
    #expect(found[1].contains("DEVPATH==\"/devices/platform/1c21400.pwm/pwm/pwmchip*\"") && found[1].contains("/sys%p/export /sys%p/unexport"))
    #expect(found[2].contains("ENV{EXPORT}==\"pwm1\"") && found[2].contains("/sys%p/pwm1/duty_cycle") && !found[2].contains("pwm0"))
}

@Test("outputs that are not on this machine or would inject a pattern get no rule, and say why")
func skippedOutputs() throws {
    let fixture = try machine()
    let gpio = GPIOOutputConfig(chip: "no-such-chip", line: 0, activeLow: false, pwmFrequency: nil)
    let (text, skipped) = UdevRules.render(outputs: [("a", .gpio(gpio)), ("b", .hwmon(chip: "nct*", device: nil, index: 1)),
                                                     ("c\nRUN+=\"/bin/sh\"", .hwmon(chip: "nct6798", device: nil, index: 1))],
                                           root: fixture.root)
    #expect(rules(text).isEmpty)
    #expect(skipped.map(\.fan) == ["a", "b", "\"c\\nRUN+=\\\"/bin/sh\\\"\""])
    #expect(skipped[0].reason.contains("GPIO chip `no-such-chip` is not on this machine"))
}

@Test("a chip named in the config but not found here is still narrowed to its name, header and device")
func unresolvedHwmon() throws {
    let fixture = try machine()
    let (text, _) = UdevRules.render(outputs: [("blower", .hwmon(chip: "it8686", device: "it87.2608", index: 3))], root: fixture.root)
    #expect(rules(text).first?.contains("ATTR{name}==\"it8686\", DEVPATH==\"/devices/*it87.2608/hwmon/hwmon*\"") == true)
    #expect(rules(text).first?.contains("/sys%p/pwm3 /sys%p/pwm3_enable") == true)
}
