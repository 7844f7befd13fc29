import GPIOShim

/// A GPIO chip: its character device and label.
public struct GPIOChipInfo: Sendable, Hashable {
    /// The chip's name (`gpiochip0`), as in `/dev/gpiochip0`.
    public var name: String
    /// The chip's label (`INT3450:00`, `fake-fan-gpio`).
    public var label: String
    /// How many lines it has.
    public var lines: Int
    /// The character device path under the root.
    public var devicePath: String

    /// Creates a chip description.
    public init(name: String, label: String, lines: Int, devicePath: String) {
        self.name = name
        self.label = label
        self.lines = lines
        self.devicePath = devicePath
    }
}

/// Finds GPIO chips: through libgpiod on the real machine, through sysfs under another root.
public struct GPIODiscovery: Sendable {
    /// The root searched.
    public let root: SysfsRoot

    /// Creates a discovery over `root`.
    public init(root: SysfsRoot) { self.root = root }

    /// Every GPIO chip, ordered by name.
    public func scan() -> [GPIOChipInfo] {
        var chips: [String: GPIOChipInfo] = [:]
        // The legacy sysfs class entry carries label and line count; its device holds the chip.
        let legacy = root.sys("class/gpio")
        for entry in root.entries(legacy) where entry.hasPrefix("gpiochip") {
            let path = legacy + "/" + entry
            guard let label = root.readLine(path + "/label"), let device = root.resolve(path + "/device") else { continue }
            let lines = Int(root.readLine(path + "/ngpio") ?? "") ?? 0
            for name in root.entries(device) where name.hasPrefix("gpiochip") && root.exists(device + "/" + name + "/dev") {
                chips[name] = GPIOChipInfo(name: name, label: label, lines: lines, devicePath: root.dev(name))
            }
        }
        // The character devices themselves, asked through libgpiod.
        for name in root.entries(root.dev("")) where name.hasPrefix("gpiochip") {
            var label = [CChar](repeating: 0, count: 64)
            var lines: UInt32 = 0
            if mi50fan_gpio_chip_info(root.dev(name), &label, UInt(label.count), &lines) == 0 {
                let text = String(decoding: label.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                chips[name] = GPIOChipInfo(name: name, label: text, lines: Int(lines), devicePath: root.dev(name))
            }
        }
        return chips.values.sorted { naturalOrder($0.name, $1.name) }
    }

    /// The chip with label or name `chip`.
    public static func find(_ chip: String, in chips: [GPIOChipInfo]) -> Result<GPIOChipInfo, DiscoveryError> {
        if let found = chips.first(where: { $0.label == chip }) ?? chips.first(where: { $0.name == chip }) { return .success(found) }
        return .failure(.noGPIOChip(chip, found: chips.map { "\($0.name) [\($0.label)]" }))
    }
}

/// A sysfs PWM-class chip (`/sys/class/pwm/pwmchipN`).
public struct PWMChipInfo: Sendable, Hashable {
    /// `pwmchipN`: informational only.
    public var name: String
    /// The chip's device name (`1c21400.pwm`): the stable identity.
    public var device: String
    /// How many channels it has.
    public var channels: Int
    /// The chip's directory (links resolved).
    public var path: String
}

/// Finds sysfs PWM chips.
public struct PWMChipDiscovery: Sendable {
    /// The root searched.
    public let root: SysfsRoot

    /// Creates a discovery over `root`.
    public init(root: SysfsRoot) { self.root = root }

    /// Every PWM chip.
    public func scan() -> [PWMChipInfo] {
        let directory = root.sys("class/pwm")
        return root.entries(directory).compactMap { name in
            guard name.hasPrefix("pwmchip"), let path = root.resolve(directory + "/" + name) else { return nil }
            let device = root.resolve(path + "/device").map(SysfsRoot.lastComponent) ?? name
            let channels = Int(root.readLine(path + "/npwm") ?? "") ?? 0
            return PWMChipInfo(name: name, device: device, channels: channels, path: path)
        }
    }

    /// The chip whose device (or name) is `chip`.
    public static func find(_ chip: String, in chips: [PWMChipInfo]) -> Result<PWMChipInfo, DiscoveryError> {
        if let found = chips.first(where: { $0.device == chip }) ?? chips.first(where: { $0.name == chip }) { return .success(found) }
        return .failure(.noPWMChip(chip, found: chips.map(\.device)))
    }
}
