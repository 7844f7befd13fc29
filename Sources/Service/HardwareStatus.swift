import ConfigReading
import FanControl
import Hardware
import StatusSchema

/// `status` and `watch` when the service is not running: the picture read straight from the
/// hardware, in the service's status format (fans in mode `service not running`).
public enum HardwareStatus {
    /// The cards as the hardware shows them, and each configured fan's header as it is; with
    /// no config, every card found (named `gpu`, or `gpu0`...).
    public static func read(root: SysfsRoot, loaded: LoadedConfig?, configPath: String) -> ServiceStatus {
        let devices = GPUDiscovery(root: root).scan()
        let reader = TelemetryReader(root: root)
        let named: [(String, GPUDevice)]
        if let loaded {
            named = loaded.config.gpus.compactMap { gpu in (try? GPUDiscovery.find(gpu.match, in: devices).get()).map { (gpu.name, $0) } }
        } else {
            named = devices.enumerated().map { (devices.count == 1 ? "gpu" : "gpu\($0.offset)", $0.element) }
        }
        let cards = named.map { name, device -> ServiceStatus.Card in
            let values = reader.read(device)
            var card = ServiceStatus.Card(name: name, device: device, telemetry: values)
            let sensors = SysfsSensorReader(root: root)
            for channel in device.temperatures {
                switch sensors.read(GPUSensor(rawValue: channel.label) ?? .edge, at: channel.inputPath) {
                case .success(let value): card.temperatures[channel.label] = value
                case .failure(let fault): card.faults[channel.label] = "\(fault)"
                }
            }
            return card
        }
        var fans: [ServiceStatus.Fan] = []
        if let loaded {
            let chips = HwmonDiscovery(root: root).scan()
            for fan in loaded.config.fans {
                var entry = ServiceStatus.Fan(name: fan.name, output: nil, dutyPercent: 0, rpm: nil, mode: "service not running",
                                              curve: nil, why: "", stalled: false, error: nil)
                if case .hwmon(let name, let device, let index) = fan.output, case .success(let chip) = HwmonDiscovery.find(name: name, device: device, in: chips) {
                    entry.output = "\(chip.identity) pwm\(index)"
                    let value = (try? root.readInteger(chip.path + "/pwm\(index)").get()) ?? 0
                    let mode = try? root.readInteger(chip.path + "/pwm\(index)_enable").get()
                    entry.dutyPercent = (Double(value) / 2.55).rounded()
                    entry.why = "header mode \(MachineInventory.modeName(mode))"
                } else {
                    entry.output = fan.output.description
                }
                if let tach = fan.tach, case .success(let chip) = HwmonDiscovery.find(name: tach.chip, device: tach.device, in: chips) {
                    entry.rpm = try? TachReader(root: root, chip: chip, index: tach.index).rpm().get()
                }
                fans.append(entry)
            }
        }
        return ServiceStatus(pid: 0, started: 0, config: configPath, intervalSeconds: loaded?.config.interval.seconds ?? 1,
                             cards: cards, fans: fans, faults: cards.flatMap { card in card.faults.map { "\(card.name).\($0.key): \($0.value)" } },
                             reloadError: nil, failSafeEvents: [:])
    }
}
