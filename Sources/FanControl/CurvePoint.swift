/// One point of a linear fan curve: at `temperature`, run at `duty`.
public struct CurvePoint: Sendable, Hashable {
    /// The temperature of this point.
    public var temperature: Temperature
    /// The duty at that temperature.
    public var duty: Duty

    /// Creates a curve point.
    public init(_ temperature: Temperature, _ duty: Duty) {
        self.temperature = temperature
        self.duty = duty
    }

    /// Convenience: degrees Celsius and percent.
    public init(celsius: Double, percent: Double) {
        self.init(Temperature(celsius: celsius), Duty(percent: percent))
    }
}

/// One level of a step curve, thinkfan-style: the fan climbs to the next level when the
/// temperature reaches this level's `upper` limit, and falls back to the previous level when
/// it drops below this level's `lower` limit. Overlapping limits give each step its own
/// hysteresis.
public struct StepLevel: Sendable, Hashable {
    /// The duty of this level.
    public var duty: Duty
    /// Below this the fan falls back to the previous level (`nil` on the first level).
    public var lower: Temperature?
    /// At or above this the fan climbs to the next level (`nil` on the last level).
    public var upper: Temperature?

    /// Creates a level.
    public init(duty: Duty, lower: Temperature?, upper: Temperature?) {
        self.duty = duty
        self.lower = lower
        self.upper = upper
    }
}
