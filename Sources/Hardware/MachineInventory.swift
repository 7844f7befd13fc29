import FanControl

/// What is on a machine (cards, fan chips and their headers, GPIO and PWM chips), as plain
/// data for `detect`'s text and JSON output.
public struct MachineInventory: Codable, Sendable {
    /// A card: identity, temperatures with limits, telemetry.
    public struct Card: Codable, Sendable {
        public var pciSlot: String
        public var pciID: String
        public var model: String
        public var hwmon: String?
        public var card: String?
        public var temperatures: [Channel]
        public var libsensors: [String: Double]?
        public var powerWatts: Double?
        public var powerCapWatts: Double?
        public var sclkMHz: Double?
        public var mclkMHz: Double?
        public var busyPercent: Double?
        public var vramUsedBytes: Int?
        public var vramTotalBytes: Int?
        public var throttle: [String]?
        public var gpuMetrics: String
        public var passive: Bool
    }

    /// One temperature channel of a card.
    public struct Channel: Codable, Sendable {
        public var label: String
        public var celsius: Double?
        public var fault: String?
        public var critical: Double?
        public var emergency: Double?
    }

    /// A fan chip with PWM headers.
    public struct Chip: Codable, Sendable {
        public var name: String
        public var device: String?
        public var hwmon: String
        public var outputs: [Output]
    }

    /// One PWM header: value, mode and its fan's RPM.
    public struct Output: Codable, Sendable {
        public var pwm: Int
        public var value: Int?
        public var mode: Int?
        public var modeName: String
        public var fanRPM: Int?
    }

    /// A GPIO chip.
    public struct GPIOChip: Codable, Sendable {
        public var name: String
        public var label: String
        public var lines: Int
    }

    /// A sysfs PWM chip.
    public struct PWMChip: Codable, Sendable {
        public var name: String
        public var device: String
        public var channels: Int
    }

    public var cards: [Card]
    public var chips: [Chip]
    public var gpioChips: [GPIOChip]
    public var pwmChips: [PWMChip]

    /// Reads everything under `root`; `libsensors` adds libsensors' view of each card.
    public static func scan(root: SysfsRoot, libsensors: LibSensorsSource?) -> MachineInventory {
        let reader = SysfsSensorReader(root: root)
        let telemetry = TelemetryReader(root: root)
        let cards = GPUDiscovery(root: root).scan().map { gpu -> Card in
            let values = telemetry.read(gpu)
            let channels = gpu.temperatures.map { channel -> Channel in
                let reading = reader.read(GPUSensor(rawValue: channel.label) ?? .edge, at: channel.inputPath)
                return Channel(label: channel.label, celsius: try? reading.get(), fault: reading.failureDescription,
                               critical: channel.critical?.celsius, emergency: channel.emergency?.celsius)
            }
            var sensorsView: [String: Double]?
            if let libsensors {
                let bdf = gpu.pciSlot.split(separator: ":", maxSplits: 1).last.map(String.init)
                let chip = libsensors.chips().first { $0.prefix == "amdgpu" && $0.pciBusDeviceFunction == bdf }
                sensorsView = chip.map { Dictionary($0.temperatures.compactMap { t in (try? t.value.get()).map { (t.label, $0) } }, uniquingKeysWith: { a, _ in a }) }
            }
            return Card(pciSlot: gpu.pciSlot, pciID: gpu.pciID, model: gpu.model, hwmon: gpu.hwmonName, card: gpu.cardName,
                        temperatures: channels, libsensors: sensorsView, powerWatts: values.power, powerCapWatts: values.powerCap,
                        sclkMHz: values.sclk, mclkMHz: values.mclk, busyPercent: values.busy,
                        vramUsedBytes: values.vramUsed, vramTotalBytes: values.vramTotal,
                        throttle: values.metrics.map { _ in values.throttleReasons.names },
                        gpuMetrics: values.metrics.map { "v\($0.formatRevision).\($0.contentRevision)" } ?? (values.metricsUnavailable ?? "unavailable"),
                        passive: gpu.isPassiveInstinct)
        }
        let chips = HwmonDiscovery(root: root).scan().filter { !$0.isGPU && !$0.pwmChannels.isEmpty }.map { chip -> Chip in
            Chip(name: chip.name, device: chip.device, hwmon: chip.hwmonName, outputs: chip.pwmChannels.map { index in
                let mode = try? root.readInteger(chip.path + "/pwm\(index)_enable").get()
                return Output(pwm: index, value: try? root.readInteger(chip.path + "/pwm\(index)").get(), mode: mode,
                              modeName: Self.modeName(mode),
                              fanRPM: chip.fanInputs.contains(index) ? try? TachReader(root: root, chip: chip, index: index).rpm().get() : nil)
            })
        }
        let gpio = GPIODiscovery(root: root).scan().map { GPIOChip(name: $0.name, label: $0.label, lines: $0.lines) }
        let pwm = PWMChipDiscovery(root: root).scan().map { PWMChip(name: $0.name, device: $0.device, channels: $0.channels) }
        return MachineInventory(cards: cards, chips: chips, gpioChips: gpio, pwmChips: pwm)
    }

    /// `pwmN_enable` in words (hwmon ABI: 0 full speed, 1 manual, 2+ automatic modes).
    public static func modeName(_ mode: Int?) -> String {
        switch mode {
        case 0?: return "full speed"
        case 1?: return "manual"
        case let value? where value >= 2: return "automatic (\(value))"
        default: return "unknown"
        }
    }
}

extension Result {
    public var failureDescription: String? {
        if case .failure(let error) = self { return "\(error)" }
        return nil
    }
}
