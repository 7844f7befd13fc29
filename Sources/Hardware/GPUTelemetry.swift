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

/// Reads ``GPUTelemetry`` from a card's sysfs files, once (a sampler keeps a
/// ``CardTelemetryReader`` per card instead).
public struct TelemetryReader: Sendable {
    /// The root read from.
    public let root: SysfsRoot

    /// Creates a reader.
    public init(root: SysfsRoot) { self.root = root }

    /// Reads every value `gpu` offers.
    public func read(_ gpu: GPUDevice) -> GPUTelemetry {
        CardTelemetryReader(root: root, device: gpu).read()
    }
}
