/// What shaped a decision, beyond the curve itself.
public struct DecisionNotes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The temperature deadband held the curve at an earlier, higher temperature.
    public static let deadbandHeld = DecisionNotes(rawValue: 1 << 0)
    /// The spin-down delay held the duty up.
    public static let spinDownHeld = DecisionNotes(rawValue: 1 << 1)
    /// A fall smaller than the minimum step was ignored.
    public static let minimumStepHeld = DecisionNotes(rawValue: 1 << 2)
    /// The duty is easing down rather than dropping.
    public static let smoothing = DecisionNotes(rawValue: 1 << 3)
    /// Load feed-forward added to the duty.
    public static let feedForward = DecisionNotes(rawValue: 1 << 4)
    /// The fan is being kicked at start duty.
    public static let kick = DecisionNotes(rawValue: 1 << 5)
    /// Raised to the fan's minimum duty.
    public static let clampedToMinimum = DecisionNotes(rawValue: 1 << 6)
    /// Cut to the fan's maximum duty.
    public static let clampedToMaximum = DecisionNotes(rawValue: 1 << 7)
    /// Stopped: the demand is below the stop threshold.
    public static let stopped = DecisionNotes(rawValue: 1 << 8)
    /// A temperature reached its curve's critical point: full speed.
    public static let critical = DecisionNotes(rawValue: 1 << 9)
    /// Fail-safe duty: a sensor this fan depends on failed.
    public static let failSafe = DecisionNotes(rawValue: 1 << 10)
    /// A sensor this fan depends on failed, and fail-safe has not started yet
    /// (`after_failures`): the fan does not slow down meanwhile.
    public static let sensorPending = DecisionNotes(rawValue: 1 << 11)
}

/// The controller's answer for one fan on one tick: the duty and why.
public struct FanDecision: Sendable, Hashable {
    /// The duty to write.
    public var duty: Duty
    /// The selection whose curve set the demand (index into ``FanPlan/selections``).
    public var selection: Int?
    /// The temperature that selection's curve was read at.
    public var temperature: Temperature?
    /// The temperature as read, when the spike filter read the curve at another one.
    public var readTemperature: Temperature?
    /// Where on the curve the demand sits.
    public var spot: FanCurve.Spot?
    /// The demand before limits and hysteresis.
    public var demand: Duty
    /// The feed-forward boost included in the demand (fraction of full speed).
    public var feedForwardBoost: Double
    /// What else shaped the duty.
    public var notes: DecisionNotes
    /// While in fail-safe: the sensor and fault that caused it.
    public var failSafeSensor: Int?
    /// The fault behind fail-safe.
    public var failSafeFault: SensorFault?

    /// A decision with nothing but a duty.
    public init(duty: Duty) {
        self.duty = duty
        self.demand = duty
        self.feedForwardBoost = 0
        self.notes = []
    }
}
