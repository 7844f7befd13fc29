/// A sensor the controller reads, by name and kind.
public struct SensorSpec: Sendable, Hashable {
    /// A stable name, such as `mi50.junction` (GPU name from the config, then the sensor).
    public var name: String
    /// What it measures.
    public var kind: SensorKind
    /// For a temperature: the sensor of its card's power, whose swings a live temperature
    /// follows (frozen-value detection).
    public var load: Int?

    /// Creates a sensor spec.
    public init(name: String, kind: SensorKind, load: Int? = nil) {
        self.name = name
        self.kind = kind
        self.load = load
    }
}

/// Everything the controller needs to know about one fan.
public struct FanPlan: Sendable, Hashable {
    /// The fan's name from the config.
    public var name: String
    /// The inputs; the fan takes the highest duty any of them asks for.
    public var selections: [SensorSelection]
    /// What the fan can and may do.
    public var limits: FanLimits
    /// What happens when its sensors fail.
    public var failSafe: FailSafePolicy
    /// Optional lead from load.
    public var feedForward: FeedForward?
    /// How the duty may fall (the temperature deadband is each curve's own).
    public var hysteresis: Hysteresis
    /// Smoothing of falls.
    public var smoothing: DownSmoothing
    /// Reads the curves past load spikes, if set.
    public var spikeFilter: SpikeFilter?

    /// Creates a fan plan.
    public init(
        name: String, selections: [SensorSelection], limits: FanLimits = .unrestricted,
        failSafe: FailSafePolicy = .standard, feedForward: FeedForward? = nil,
        hysteresis: Hysteresis? = nil, smoothing: DownSmoothing? = nil, spikeFilter: SpikeFilter? = nil
    ) {
        self.spikeFilter = spikeFilter
        self.hysteresis = hysteresis ?? selections.first?.curve.hysteresis ?? .none
        self.smoothing = smoothing ?? selections.first?.curve.smoothing ?? .off
        self.name = name
        self.selections = selections
        self.limits = limits
        self.failSafe = failSafe
        self.feedForward = feedForward
    }
}

/// The whole control problem: the sensors, in the order readings arrive, and the fans.
public struct ControlPlan: Sendable, Hashable {
    /// Sensors; a tick's readings come in this order.
    public var sensors: [SensorSpec]
    /// Fans; a tick's decisions come in this order.
    public var fans: [FanPlan]

    /// Creates a plan.
    public init(sensors: [SensorSpec], fans: [FanPlan]) {
        self.sensors = sensors
        self.fans = fans
    }

    /// The index of the sensor called `name`.
    public func sensorIndex(named name: String) -> Int? { sensors.firstIndex { $0.name == name } }
}
