/// Where a fan's duty goes.
public enum FanOutputConfig: Sendable, Hashable, CustomStringConvertible {
    /// A motherboard (Super I/O) hwmon PWM header: `pwmN` of the chip called `chip`.
    case hwmon(chip: String, device: String?, index: Int)
    /// A GPIO line switching the fan through a MOSFET.
    case gpio(GPIOOutputConfig)
    /// A sysfs PWM-class channel (`/sys/class/pwm/pwmchipN/pwmM`), for boards with a PWM pin.
    case pwmClass(chip: String, channel: Int, period: TimeSpan)

    public var description: String {
        switch self {
        case .hwmon(let chip, let device, let index): return "hwmon \(chip)\(device.map { " (\($0))" } ?? "") pwm\(index)"
        case .gpio(let gpio): return "GPIO \(gpio.chip) line \(gpio.line)"
        case .pwmClass(let chip, let channel, _): return "PWM \(chip) channel \(channel)"
        }
    }
}

/// A GPIO fan output.
public struct GPIOOutputConfig: Sendable, Hashable {
    /// The chip's label (as `gpiodetect` shows it) or its name, like `gpiochip0`.
    public var chip: String
    /// The line offset.
    public var line: Int
    /// The line is low when the fan runs.
    public var activeLow: Bool
    /// Software PWM frequency in Hz; `nil` for plain on/off (on whenever duty is above 0).
    public var pwmFrequency: Double?

    /// Creates a GPIO output.
    public init(chip: String, line: Int, activeLow: Bool, pwmFrequency: Double?) {
        self.chip = chip
        self.line = line
        self.activeLow = activeLow
        self.pwmFrequency = pwmFrequency
    }
}
