import FanControl
import Hardware

/// What `detect` found on a machine, as plain data for text and JSON output.
struct MachineInventory: Codable {
    struct Card: Codable {
        var pciSlot: String
        var pciID: String
        var model: String
        var hwmon: String?
        var card: String?
        var temperatures: [Channel]
        var libsensors: [String: Double]?
        var powerWatts: Double?
        var powerCapWatts: Double?
        var sclkMHz: Double?
        var mclkMHz: Double?
        var busyPercent: Double?
        var vramUsedBytes: Int?
        var vramTotalBytes: Int?
        var throttle: [String]?
        var gpuMetrics: String
        var passive: Bool
    }

    struct Channel: Codable {
        var label: String
        var celsius: Double?
        var fault: String?
        var critical: Double?
        var emergency: Double?
    }

    struct Chip: Codable {
        var name: String
        var device: String?
        var hwmon: String
        var outputs: [Output]
    }

    struct Output: Codable {
        var pwm: Int
        var value: Int?
        var mode: Int?
        var modeName: String
        var fanRPM: Int?
    }

    struct GPIOChip: Codable {
        var name: String
        var label: String
        var lines: Int
    }

    struct PWMChip: Codable {
        var name: String
        var device: String
        var channels: Int
    }

    var cards: [Card]
    var chips: [Chip]
    var gpioChips: [GPIOChip]
    var pwmChips: [PWMChip]

    /// Reads everything under `root`; `libsensors` adds libsensors' view of each card.
    static func scan(root: SysfsRoot, libsensors: LibSensorsSource?) -> MachineInventory {
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
    static func modeName(_ mode: Int?) -> String {
        switch mode {
        case 0?: return "full speed"
        case 1?: return "manual"
        case let value? where value >= 2: return "automatic (\(value))"
        default: return "unknown"
        }
    }
}

extension Result {
    var failureDescription: String? {
        if case .failure(let error) = self { return "\(error)" }
        return nil
    }
}
