import FanControl

/// A configured device that is not on the machine, with the next step to take.
public enum DiscoveryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No card matches.
    case noGPU(GPUMatch, found: [String])
    /// No hwmon chip of that name (and device).
    case noChip(name: String, device: String?, found: [String])
    /// The chip has no such PWM or fan channel.
    case noChannel(chip: String, file: String)
    /// No GPIO chip with that label or name.
    case noGPIOChip(String, found: [String])
    /// No sysfs PWM chip for that device.
    case noPWMChip(String, found: [String])
    /// The card has no temperature channel with that label.
    case noTemperature(gpu: String, label: String)

    public var description: String { message(detect: "mi50fan detect") }

    /// The message, with `detect` as the command that lists what the machine has (carrying
    /// `--root` when the command that failed was given one).
    public func message(detect: String) -> String {
        switch self {
        case .noGPU(let match, let found):
            return "no amdgpu device at \(match)" + (found.isEmpty ? " (none found)" : " (found: \(found.joined(separator: ", ")))")
                + "; `\(detect)` lists the cards this machine has"
        case .noChip(let name, let device, let found):
            let listed = found.isEmpty ? "no hwmon chip with PWM outputs is visible" : "found: \(found.joined(separator: ", "))"
            return "no hwmon chip `\(name)`\(device.map { " at \($0)" } ?? "") (\(listed)); load the Super I/O driver (`modprobe nct6775` or `it87`) and run `\(detect)`"
        case .noChannel(let chip, let file):
            return "hwmon chip `\(chip)` has no \(file); `\(detect)` lists its PWM outputs"
        case .noGPIOChip(let label, let found):
            return "no GPIO chip `\(label)`" + (found.isEmpty ? "" : " (found: \(found.joined(separator: ", ")))") + "; `gpiodetect` lists them"
        case .noPWMChip(let name, let found):
            return "no PWM chip `\(name)`" + (found.isEmpty ? "" : " (found: \(found.joined(separator: ", ")))") + "; see /sys/class/pwm"
        case .noTemperature(let gpu, let label):
            return "card \(gpu) has no `\(label)` temperature; `\(detect)` shows the channels it has"
        }
    }
}
