import FanControl
import Hardware

/// A configured fan bound to the devices that drive and measure it.
final class ResolvedFan {
    let config: FanConfig
    var output: (any FanOutput)? {
        didSet {
            outputIdentity = output?.identity
            outputChanges &+= 1
        }
    }
    /// Counts changes of ``output`` and ``controlTaken``: the record of held outputs can only
    /// have changed when this moved, so a tick need not build it again otherwise.
    private(set) var outputChanges = 0
    /// The output's identity, kept rather than formatted again on every tick.
    private(set) var outputIdentity: String?
    var tach: TachReader?
    var stall: StallDetector
    /// When the tach is read (every other tick at 1 s; every tick while a stall is suspected).
    var tachSchedule: TachSchedule
    /// The tach's last reading: the fan's speed on the ticks between reads.
    var lastRPM: Int?
    /// The raw value last written, to skip writes that change nothing.
    var lastDuty: Duty?
    var controlTaken = false {
        didSet { if controlTaken != oldValue { outputChanges &+= 1 } }
    }
    var lastError: String?
    /// A write failed and the header was set to `pwm_enable = 0` (full speed) meanwhile.
    var fellBack = false
    /// Given to the loop of a reloaded config: no longer this loop's to release.
    var handedOver = false
    /// Ticks until the output's mode and value are read back again (see
    /// ``ControlLoop/checkEvery(interval:)``).
    var ticksUntilCheck = 0

    init(config: FanConfig, interval: TimeSpan) {
        self.config = config
        self.stall = StallDetector(ticks: config.tach?.stallTicks ?? 5)
        self.tachSchedule = TachSchedule(interval: interval)
    }

    /// Takes over a held output from the loop of the previous config, as it is.
    func adopt(_ previous: ResolvedFan) {
        output = previous.output
        controlTaken = previous.controlTaken
        lastDuty = previous.lastDuty
        lastError = previous.lastError
        if config.tach == previous.config.tach {
            tach = previous.tach
            lastRPM = previous.lastRPM
        }
    }
}

/// Binds config entries to devices by stable identity, again whenever one goes missing.
struct DeviceResolver {
    let root: SysfsRoot

    /// The GPU a config entry names, if present now.
    func gpu(_ entry: GPUConfig) -> Result<GPUDevice, DiscoveryError> {
        GPUDiscovery.find(entry.match, in: GPUDiscovery(root: root).scan())
    }

    /// The output a config (or a release record) names.
    func output(for output: FanOutputConfig) -> Result<any FanOutput, DiscoveryError> {
        switch output {
        case .hwmon(let chipName, let device, let index):
            switch HwmonDiscovery.find(name: chipName, device: device, in: HwmonDiscovery(root: root).scan()) {
            case .failure(let error): return .failure(error)
            case .success(let chip):
                guard chip.pwmChannels.contains(index) else { return .failure(.noChannel(chip: chip.identity, file: "pwm\(index)")) }
                return .success(HwmonPWMOutput(root: root, chip: chip, index: index))
            }
        case .gpio(let gpio):
            return GPIODiscovery.find(gpio.chip, in: GPIODiscovery(root: root).scan()).map {
                GPIOOutput(chip: $0, line: gpio.line, activeLow: gpio.activeLow, pwmFrequency: gpio.pwmFrequency)
            }
        case .pwmClass(let chip, let channel, let period):
            return PWMChipDiscovery.find(chip, in: PWMChipDiscovery(root: root).scan()).map {
                PWMClassOutput(root: root, chip: $0, channel: channel, period: period)
            }
        }
    }

    /// The tach a fan's config names.
    func tach(for fan: FanConfig) -> Result<TachReader, DiscoveryError>? {
        guard let tach = fan.tach else { return nil }
        return HwmonDiscovery.find(name: tach.chip, device: tach.device, in: HwmonDiscovery(root: root).scan()).flatMap { chip in
            chip.fanInputs.contains(tach.index) ? .success(TachReader(root: root, chip: chip, index: tach.index))
                : .failure(.noChannel(chip: chip.identity, file: "fan\(tach.index)_input"))
        }
    }
}
