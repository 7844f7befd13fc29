import FanControl
import Hardware

#if canImport(Glibc)
import Glibc
#endif

/// A virtual MI50 with a retrofitted fan on a motherboard header, which the real program
/// cannot tell from hardware: it writes the sysfs tree a real card and Super I/O chip present
/// under a root directory, and reads back the PWM the controller writes there.
///
/// Time is whatever the caller advances it by, so a test runs an hour in a fraction of a
/// second and the demo runs it in (scaled) real time. One instance belongs to one thread.
public final class VirtualMI50 {
    /// The physics.
    public private(set) var model: ThermalModel
    /// Where the files are.
    public private(set) var layout: SimulatedLayout
    /// Simulated seconds since the start.
    public private(set) var time = 0.0
    /// The duty the fan actually got last step (the controller's, or the firmware's).
    public private(set) var appliedDuty = 0.0
    /// The faults to play.
    public var faults: [ScheduledFault]

    private var load: LoadGenerator
    private var random: RandomSource
    private var files = TreeFiles()
    private var frozen: [SimulatedSensor: String] = [:]
    private var firedOneShots: Set<Int> = []
    private var vramUsed = 268_435_456

    /// Creates the card under `root` (call ``build()`` to write the tree); `layout`: where it
    /// sits in a machine of several cards (default: a machine's only card).
    public init(root: String, profile: LoadProfile, seed: UInt64 = 1, parameters: MI50Parameters = MI50Parameters(),
                faults: [ScheduledFault] = [], layout: SimulatedLayout? = nil) {
        model = ThermalModel(parameters: parameters)
        self.layout = layout ?? SimulatedLayout(root: root)
        load = LoadGenerator(profile: profile, seed: seed, parameters: parameters)
        random = RandomSource(seed: seed)
        self.faults = faults
    }

    /// The phase of the load now.
    public var phase: LoadPhase { load.currentPhase }

    /// The root as a ``SysfsRoot`` for the program under test.
    public var root: SysfsRoot { SysfsRoot(layout.root) }

    /// Writes the whole tree: the card, the Super I/O chip, the class links.
    public func build() {
        SimulatedTree.build(layout: layout, parameters: model.parameters, files: &files)
        writeDynamicFiles()
    }

    /// Advances simulated time by `seconds`: reads the fan header, steps the physics, plays
    /// the faults, writes the new readings.
    public func advance(by seconds: Double) {
        guard seconds > 0 else { return }
        applyOneShotFaults(upTo: time + seconds)
        appliedDuty = headerDuty()
        let demand = load.load(at: time + seconds)
        model.step(seconds: seconds, load: demand, duty: appliedDuty, stalled: isActive(.fanStalls))
        time += seconds
        vramUsed = demand > 0 || time > 5 ? 19_864_223_744 : 268_435_456   // a 20 GB model stays loaded
        writeDynamicFiles()
    }

    /// The duty the fan header gives the fan now: the controller's `pwm2` in manual mode, full
    /// speed in mode 0, the firmware's own choice otherwise.
    public func headerDuty() -> Double {
        let header = layout.chipPath + "/pwm\(layout.header)"
        let mode = files.read(header + "_enable").flatMap { Int($0.trimmingWhitespace()) } ?? 5
        guard mode == 1 else { return mode == 0 ? 1 : model.parameters.firmwareDuty }
        let raw = files.read(header).flatMap { Int($0.trimmingWhitespace()) } ?? 255
        return Double(min(max(raw, 0), 255)) / 255
    }

    private func isActive(_ fault: SimulatedFault) -> Bool { faults.contains { $0.fault == fault && $0.isActive(at: time) } }

    private func applyOneShotFaults(upTo end: Double) {
        for (index, scheduled) in faults.enumerated() where scheduled.start < end && !firedOneShots.contains(index) {
            switch scheduled.fault {
            case .firmwareTakesPWM:
                firedOneShots.insert(index)
                files.put(layout.chipPath + "/pwm\(SimulatedLayout.fanHeader)_enable", "5\n", always: true)
            case .hwmonRenumbers:
                firedOneShots.insert(index)
                renumberGPUHwmon()
            case .chipRenumbers:
                firedOneShots.insert(index)
                renumberSuperIOHwmon()
            default: break
            }
        }
    }

    /// What a GPU reset does to the numbering: the hwmon directory is removed and comes back
    /// as another one, with new files.
    private func renumberGPUHwmon() {
        let old = layout.gpuHwmonPath
        let number = Int(layout.gpuHwmon.dropFirst(5)) ?? 1
        layout.gpuHwmon = "hwmon\(number + 7)"
        TreeFiles.recreate(old, as: layout.gpuHwmonPath)
        files.forget(prefix: old)
        TreeFiles.link(layout.gpuHwmonPath + "/device", to: "../../../" + layout.slot)
        unlink(layout.sys("class/hwmon/hwmon\(number)"))
        TreeFiles.link(layout.sys("class/hwmon/" + layout.gpuHwmon), to: "../../" + layout.gpuDeviceDirectory + "/hwmon/" + layout.gpuHwmon)
    }

    /// What reloading the Super I/O driver does (or a boot that probes the chips in another
    /// order): the chip's hwmon directory is removed and comes back under another number, its
    /// registers (mode and duty) as they were.
    public func renumberSuperIOHwmon() {
        let old = layout.chipPath
        let number = Int(layout.chipHwmon.dropFirst(5)) ?? 2
        layout.chipHwmon = "hwmon\(number + 10)"
        TreeFiles.recreate(old, as: layout.chipPath)
        files.forget(prefix: old)
        unlink(layout.sys("class/hwmon/hwmon\(number)"))
        TreeFiles.link(layout.sys("class/hwmon/" + layout.chipHwmon), to: "../../" + SimulatedLayout.superIODevice + "/hwmon/" + layout.chipHwmon)
    }

    /// Points this card at the shared Super I/O chip after another card's fault renumbered it.
    func followSuperIO(to chipHwmon: String) {
        files.forget(prefix: layout.chipPath)
        layout.chipHwmon = chipHwmon
    }

    private func writeDynamicFiles() {
        let hwmon = layout.gpuHwmonPath
        let readings: [(SimulatedSensor, Double)] = [(.edge, model.edge), (.junction, model.junction), (.mem, model.hbm)]
        for (sensor, value) in readings {
            let path = hwmon + "/temp\(sensor.index)_input"
            // amdgpu reports whole degrees, in millidegrees.
            var text = "\(Int((value + random.gaussian(model.parameters.sensorNoise)).rounded()) * 1000)\n"
            var vanished = false
            for scheduled in faults where scheduled.isActive(at: time) {
                switch scheduled.fault {
                case .sensorVanishes(sensor): vanished = true
                case .sensorEmpty(sensor): text = ""
                case .sensorFrozen(sensor): text = frozen[sensor] ?? text
                case .sensorJumps(sensor, let delta): text = "\(Int((value + delta).rounded()) * 1000)\n"
                default: break
                }
            }
            if !isFrozen(sensor) { frozen[sensor] = text }
            if vanished {
                unlink(path)
                files.forget(prefix: path)
            } else {
                files.put(path, text)
            }
        }
        let power = Int(model.power.rounded())
        files.put(hwmon + "/power1_input", "\(power * 1_000_000)\n")
        files.put(hwmon + "/freq1_input", "\(Int(model.sclk) * 1_000_000)\n")
        files.put(hwmon + "/freq2_input", "\(Int(model.mclk) * 1_000_000)\n")
        files.put(layout.gpuPath + "/gpu_busy_percent", "\(Int((model.load * 100).rounded()))\n")
        files.put(layout.gpuPath + "/mem_info_vram_used", "\(vramUsed)\n")
        files.put(layout.gpuPath + "/pp_dpm_sclk", Self.dpmText(levels: model.parameters.sclkLevels, current: model.sclk))
        files.put(layout.gpuPath + "/pp_dpm_mclk", Self.dpmText(levels: model.parameters.mclkLevels, current: model.mclk))
        files.put(layout.gpuPath + "/gpu_metrics", bytes: GPUMetrics.encodeV1_0(
            edge: Int(model.edge.rounded()), hotspot: Int(model.junction.rounded()), mem: Int(model.hbm.rounded()),
            gfxActivity: Int((model.load * 100).rounded()), gfxClock: Int(model.sclk), memClock: Int(model.mclk),
            throttleStatus: model.limits.vega20Bits, timestampNanoseconds: UInt64(time * 1e9)))
        let rpm = isActive(.fanStalls) ? 0 : Int((model.rpm * (1 + random.gaussian(0.005))).rounded())
        files.put(layout.chipPath + "/fan\(layout.header)_input", "\(max(0, rpm))\n")
    }

    private func isFrozen(_ sensor: SimulatedSensor) -> Bool {
        faults.contains { $0.fault == .sensorFrozen(sensor) && $0.isActive(at: time) }
    }

    /// `pp_dpm_*` text with `*` on the level at or just below `current`.
    static func dpmText(levels: [Int], current: Double) -> String {
        let active = levels.lastIndex { Double($0) <= current + 0.5 } ?? 0
        return levels.enumerated().map { "\($0.offset): \($0.element)Mhz \($0.offset == active ? "*" : "")" }.joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var result = Substring(self)
        while let last = result.last, last.isWhitespace { result.removeLast() }
        while let first = result.first, first.isWhitespace { result.removeFirst() }
        return String(result)
    }
}
