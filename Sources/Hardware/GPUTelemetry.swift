import FanControl

/// Everything the monitor and the stress test read of a card at one moment. Each value is
/// optional: a file that is absent or fails reads as unknown, never as zero.
public struct GPUTelemetry: Sendable, Hashable {
    /// Edge, junction and mem temperatures in °C.
    public var edge: Double?, junction: Double?, mem: Double?
    /// Board power in W.
    public var power: Double?
    /// The power cap in W.
    public var powerCap: Double?
    /// Graphics and memory clocks in MHz (hwmon `freq1_input`/`freq2_input`).
    public var sclk: Double?, mclk: Double?
    /// The `pp_dpm_sclk` and `pp_dpm_mclk` levels.
    public var sclkLevels: DPMLevels?, mclkLevels: DPMLevels?
    /// GPU busy in %.
    public var busy: Double?
    /// VRAM used and total in bytes.
    public var vramUsed: Int?, vramTotal: Int?
    /// The decoded `gpu_metrics`, when the card has a version this program knows.
    public var metrics: GPUMetrics?
    /// Why `gpu_metrics` is not available, when it is not.
    public var metricsUnavailable: String?

    /// The card's own throttle reasons (from `gpu_metrics`), empty when unknown.
    public var throttleReasons: ThrottleReasons { metrics?.throttleReasons ?? [] }
}

/// Reads ``GPUTelemetry`` from a card's sysfs files.
public struct TelemetryReader: Sendable {
    /// The root read from.
    public let root: SysfsRoot

    /// Creates a reader.
    public init(root: SysfsRoot) { self.root = root }

    /// Reads every value `gpu` offers.
    public func read(_ gpu: GPUDevice) -> GPUTelemetry {
        let sensors = SysfsSensorReader(root: root)
        var telemetry = GPUTelemetry()
        telemetry.edge = try? sensors.read(.edge, of: gpu).get()
        telemetry.junction = try? sensors.read(.junction, of: gpu).get()
        telemetry.mem = try? sensors.read(.mem, of: gpu).get()
        telemetry.power = try? sensors.read(.power, of: gpu).get()
        telemetry.busy = try? sensors.read(.busy, of: gpu).get()
        if let hwmon = gpu.hwmonPath {
            telemetry.powerCap = integer(hwmon + "/power1_cap").map { Double($0) / 1_000_000 }
            telemetry.sclk = integer(hwmon + "/freq1_input").map { Double($0) / 1_000_000 }
            telemetry.mclk = integer(hwmon + "/freq2_input").map { Double($0) / 1_000_000 }
        }
        telemetry.sclkLevels = (try? root.readText(gpu.devicePath + "/pp_dpm_sclk").get()).flatMap(DPMLevels.parse)
        telemetry.mclkLevels = (try? root.readText(gpu.devicePath + "/pp_dpm_mclk").get()).flatMap(DPMLevels.parse)
        telemetry.vramUsed = integer(gpu.devicePath + "/mem_info_vram_used")
        telemetry.vramTotal = integer(gpu.devicePath + "/mem_info_vram_total")
        switch root.readBytes(gpu.devicePath + "/gpu_metrics", limit: 4096) {
        case .success(let bytes):
            switch GPUMetrics.decode(bytes) {
            case .success(let metrics): telemetry.metrics = metrics
            case .failure(let error): telemetry.metricsUnavailable = error.description
            }
        case .failure(let error):
            telemetry.metricsUnavailable = "unavailable (\(error.fault))"
        }
        return telemetry
    }

    private func integer(_ path: String) -> Int? {
        if case .success(let value) = root.readInteger(path) { return value }
        return nil
    }
}
