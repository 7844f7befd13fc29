import ConfigFiles
import FanControl
import Foundation
import Hardware
import JSONText
import StatusSchema

/// Reads every card (and the fans) into a ``TelemetrySample``. The reading itself takes no
/// clock: the caller passes the time, so a virtual clock drives it in tests.
public final class TelemetrySampler: @unchecked Sendable {   // used by one sampling task at a time
    /// The cards sampled, by name.
    public let cards: [(name: String, device: GPUDevice)]
    private let root: SysfsRoot
    private let readers: [CardTelemetryReader]
    private let statusFile: String?
    /// The service's fans as last read from its status file, and which version of the file.
    private var serviceFans: (version: StatusFileVersion, pid: Int32, fans: [FanSample])?
    private let fanOutputs: [(name: String, value: AttributeHandle?, tach: TachReader?)]

    /// Samples `cards` under `root`; fans come from the service's status file when it runs
    /// (`statusFile`), otherwise from the config's hwmon headers.
    public init(root: SysfsRoot, cards: [(name: String, device: GPUDevice)], config: LoadedConfig?) {
        self.root = root
        self.cards = cards
        self.readers = cards.map { CardTelemetryReader(root: root, device: $0.device) }
        self.statusFile = config?.config.statusFile
        let chips = HwmonDiscovery(root: root).scan()
        fanOutputs = (config?.config.fans ?? []).map { fan in
            var value: AttributeHandle?
            if case .hwmon(let name, let device, let index) = fan.output,
               case .success(let chip) = HwmonDiscovery.find(name: name, device: device, in: chips) {
                value = AttributeHandle(path: chip.path + "/pwm\(index)", root: root)
            }
            var tach: TachReader?
            if let config = fan.tach, case .success(let chip) = HwmonDiscovery.find(name: config.chip, device: config.device, in: chips) {
                tach = TachReader(root: root, chip: chip, index: config.index)
            }
            return (fan.name, value, tach)
        }
    }

    /// Every card under `root` (or those a config names), for a sampler.
    public static func cards(root: SysfsRoot, config: LoadedConfig?, slot: String?) -> [(name: String, device: GPUDevice)] {
        let devices = GPUDiscovery(root: root).scan()
        if let slot { return devices.filter { $0.pciSlot == normalizePCISlot(slot) }.map { ("gpu-" + $0.pciSlot, $0) } }
        if let config {
            return config.config.gpus.compactMap { gpu in (try? GPUDiscovery.find(gpu.match, in: devices).get()).map { (gpu.name, $0) } }
        }
        return devices.enumerated().map { (devices.count == 1 ? "gpu" : "gpu\($0.offset)", $0.element) }
    }

    /// One sample at `time` seconds into the run.
    public func sample(at time: Double) -> TelemetrySample {
        let cardSamples = zip(cards, readers).map { card, reader -> CardSample in
            let (name, device) = card
            let values = reader.read()
            var card = CardSample(name: name)
            card.edge = values.edge
            card.junction = values.junction
            card.mem = values.mem
            card.power = values.power
            card.powerCap = values.powerCap
            card.sclk = values.sclk ?? values.metrics?.currentGfxClock.map(Double.init)
            card.mclk = values.mclk
            card.sclkLevel = values.sclkLevels?.current
            card.sclkMaxMHz = values.sclkLevels?.maximumMHz.map(Double.init)
            card.busy = values.busy
            card.vramUsed = values.vramUsed
            card.throttle = values.throttleReasons.names
            card.throttleReported = values.metrics != nil
            card.junctionCritical = device.temperature("junction")?.critical?.celsius
            return card
        }
        return TelemetrySample(time: time, cards: cardSamples, fans: fans())
    }

    private func fans() -> [FanSample] {
        if let fans = serviceFansFromStatusFile() { return fans }
        return fanOutputs.map { fan in
            let raw = fan.value.flatMap { try? $0.readInteger().get() }
            return FanSample(name: fan.name, duty: raw.map { Double($0) / 2.55 }, rpm: fan.tach.flatMap { try? $0.rpm().get() })
        }
    }

    /// The fans as the running service reports them; the file is decoded again only when the
    /// service replaced it (it does so at most once per control tick).
    private func serviceFansFromStatusFile() -> [FanSample]? {
        guard let statusFile, let version = StatusFileVersion(path: statusFile) else { return nil }
        if serviceFans?.version != version {
            serviceFans = nil
            guard let data = FileManager.default.contents(atPath: statusFile),
                  let status = try? JSONValueDecoder().decode(ServiceStatus.self, from: [UInt8](data)), status.pid > 0 else { return nil }
            serviceFans = (version, status.pid, status.fans.map { FanSample(name: $0.name, duty: $0.dutyPercent, rpm: $0.rpm) })
        }
        guard let known = serviceFans, kill(known.pid, 0) == 0 else { return nil }
        return known.fans
    }
}

/// Which status file is on disk: the service replaces it by rename, so a new inode or change
/// time means new content.
struct StatusFileVersion: Equatable {
    var inode: UInt
    var seconds: Int
    var nanoseconds: Int

    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        inode = UInt(status.st_ino)
        seconds = status.st_ctim.tv_sec
        nanoseconds = status.st_ctim.tv_nsec
    }
}
