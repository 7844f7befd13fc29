import ConfigFiles
import FanControl
import Foundation
import Hardware
import Service

/// Where `status` and `watch` get their picture: the running service's status file when it
/// runs, the hardware directly when it does not.
struct MachineState {
    /// The picture, in the service's status format.
    var status: ServiceStatus
    /// Whether it came from a running service.
    var fromService: Bool
    /// The config, when it loaded.
    var loaded: LoadedConfig?

    /// Reads the state for `global`'s config and root.
    static func read(_ global: GlobalOptions) throws -> MachineState {
        let loaded = try? ConfigLoader.load(path: global.config).get()
        let statusFile = loaded?.config.statusFile ?? Config.defaultStatusFile
        if let data = FileManager.default.contents(atPath: statusFile),
           let status = try? JSONDecoder().decode(ServiceStatus.self, from: data), processAlive(status.pid) {
            return MachineState(status: status, fromService: true, loaded: loaded)
        }
        return MachineState(status: direct(root: global.sysfsRoot, loaded: loaded, configPath: global.config),
                            fromService: false, loaded: loaded)
    }

    /// Whether a process with `pid` exists.
    static func processAlive(_ pid: Int32) -> Bool { pid > 0 && (kill(pid, 0) == 0 || errno == EPERM) }

    /// The picture straight from the hardware (no service running).
    static func direct(root: SysfsRoot, loaded: LoadedConfig?, configPath: String) -> ServiceStatus {
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
            var card = ServiceStatus.Card(name: name, pciSlot: device.pciSlot, temperatures: [:], faults: [:], critical: [:], emergency: [:],
                                          powerWatts: values.power, powerCapWatts: values.powerCap, sclkMHz: values.sclk,
                                          mclkMHz: values.mclk, busyPercent: values.busy, vramUsedBytes: values.vramUsed,
                                          vramTotalBytes: values.vramTotal, throttle: values.throttleReasons.names)
            let sensors = SysfsSensorReader(root: root)
            for channel in device.temperatures {
                card.critical[channel.label] = channel.critical?.celsius
                card.emergency[channel.label] = channel.emergency?.celsius
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

/// `status`'s exit codes, for scripts.
enum HealthCode: Int32 {
    case healthy = 0
    case failSafe = 2
    case stalled = 3
    case throttling = 4
    case sensorFault = 5

    /// The most serious problem in `status`, and its reason.
    static func of(_ status: ServiceStatus) -> (HealthCode, String?) {
        if let fan = status.fans.first(where: { $0.mode == "fail-safe" }) { return (.failSafe, "fan \(fan.name) is in fail-safe: \(fan.why)") }
        if let fan = status.fans.first(where: \.stalled) { return (.stalled, "fan \(fan.name) is stalled") }
        let thermal = ["edge", "junction", "hbm", "vr", "thermal-other", "current"]
        if let card = status.cards.first(where: { !Set($0.throttle).isDisjoint(with: thermal) }) {
            return (.throttling, "\(card.name) throttles: \(card.throttle.joined(separator: ", "))")
        }
        if let fault = status.faults.first { return (.sensorFault, fault) }
        return (.healthy, nil)
    }
}
