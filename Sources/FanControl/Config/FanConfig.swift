/// One fan in the config: where its PWM goes, what it reads, how it may run.
public struct FanConfig: Sendable {
    /// The fan's name (unique).
    public var name: String
    /// Where the duty is written.
    public var output: FanOutputConfig
    /// Where `output:` stands in the file (a second fan on one header is reported there).
    public var outputLocation: SourceLocation
    /// Where its speed is read back, if anywhere.
    public var tach: TachConfig?
    /// Minimum, maximum, stop and start.
    public var limits: FanLimits
    /// The default curve for inputs that name none.
    public var curve: CurveReference?
    /// The sensors the fan follows.
    public var inputs: [InputConfig]
    /// Overrides the curve's duty hysteresis.
    public var hysteresis: Hysteresis?
    /// Overrides the curve's smoothing.
    public var smoothing: DownSmoothing?
    /// Optional lead from load.
    public var feedForward: FeedForwardConfig?
    /// Optional reading of the curves past load spikes.
    public var spikeFilter: SpikeFilterConfig?
    /// What happens when sensors fail.
    public var failSafe: FailSafePolicy
    /// Where it was configured.
    public var location: SourceLocation
}

/// A sensor (or several, aggregated) the fan follows, and the curve it is read through.
public struct InputConfig: Sendable {
    /// Sensor names like `mi50.junction`.
    public var sensors: [String]
    /// How several sensors combine.
    public var aggregate: Aggregate
    /// The curve, or `nil` for the fan's curve.
    public var curve: CurveReference?
    /// Where it was configured.
    public var location: SourceLocation
}

/// Load feed-forward as configured.
public struct FeedForwardConfig: Sendable {
    /// A power or busy sensor, like `mi50.power`.
    public var sensor: String
    /// Load below this adds nothing (W or %).
    public var threshold: Double
    /// Duty fraction per W or per %.
    public var gain: Double
    /// The largest boost (fraction).
    public var maximum: Double
    /// Decay time constant.
    public var decay: TimeSpan
    /// Fade time constant while the load holds (zero: the boost stays while the load does).
    public var fade: TimeSpan = .zero
    /// Where it was configured.
    public var location: SourceLocation
}

/// A spike filter as configured (see ``SpikeFilter``).
public struct SpikeFilterConfig: Sendable {
    /// The base sensor, like `mi50.edge`.
    public var base: String
    /// Time constant of a climb of the part above the base.
    public var rise: TimeSpan
    /// Time constant of a fall of the part above the base.
    public var fall: TimeSpan
    /// Where it was configured.
    public var location: SourceLocation
}

/// Where a fan's speed is read.
public struct TachConfig: Sendable, Hashable {
    /// The hwmon chip's `name`.
    public var chip: String
    /// The chip's device (for two chips of one name), as in `platform/nct6775.656`.
    public var device: String?
    /// The `fanN_input` index.
    public var index: Int
    /// Ticks at 0 RPM with duty above start duty before the fan counts as stalled.
    public var stallTicks: Int
}
