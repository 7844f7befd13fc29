/// How a fan's duty may fall once it has risen. Rising is never delayed: a hotter card raises
/// the fan on the same tick, whatever these settings say.
public struct Hysteresis: Sendable, Hashable {
    /// Temperature deadband: the duty does not fall until the temperature has dropped this far
    /// below the point where it last rose.
    public var deadband: Double
    /// Spin-down delay: a lower duty must have been asked for this long before the fan slows.
    public var spinDownDelay: TimeSpan
    /// Minimum step: a fall smaller than this fraction of full speed is ignored.
    public var minimumStep: Double

    /// Creates hysteresis settings. `deadband` is in °C, `minimumStep` a fraction of full speed.
    public init(deadband: Double = 0, spinDownDelay: TimeSpan = .zero, minimumStep: Double = 0) {
        self.deadband = deadband
        self.spinDownDelay = spinDownDelay
        self.minimumStep = minimumStep
    }

    /// No hysteresis: the duty follows the curve both ways.
    public static let none = Hysteresis()
}

/// Tracks the temperature a curve is evaluated at, with a deadband on the way down.
public struct DeadbandTracker: Sendable, Hashable {
    /// The temperature the curve is read at; `nil` before the first reading.
    public private(set) var reference: Temperature?

    /// Creates a tracker with no history.
    public init() {}

    /// Feeds a new temperature; returns the temperature to read the curve at and whether the
    /// deadband held it above the current temperature.
    public mutating func update(_ temperature: Temperature, deadband: Double) -> (Temperature, held: Bool) {
        guard let current = reference, deadband > 0 else {
            reference = temperature
            return (temperature, false)
        }
        if temperature >= current || temperature.celsius <= current.celsius - deadband {
            reference = temperature
            return (temperature, false)
        }
        return (current, true)
    }

    /// Forgets the history (after a fail-safe period the next reading starts afresh).
    public mutating func reset() { reference = nil }
}

/// Exponential smoothing applied only when the duty falls, so short bursts of load (a reply
/// that heats the junction for a few seconds) do not surge and drop the fan every sentence.
public struct DownSmoothing: Sendable, Hashable {
    /// The time constant of the fall; zero turns smoothing off.
    public var timeConstant: TimeSpan

    /// Creates smoothing with the given time constant.
    public init(timeConstant: TimeSpan) { self.timeConstant = timeConstant }

    /// No smoothing.
    public static let off = DownSmoothing(timeConstant: .zero)

    /// The next value when falling from `current` towards a lower `target` over `elapsed`:
    /// a first-order low-pass step (`alpha = dt / (tau + dt)`), which never overshoots.
    public func fall(from current: Double, to target: Double, elapsed: TimeSpan) -> Double {
        guard timeConstant.seconds > 0, target < current else { return target }
        let dt = max(0, elapsed.seconds)
        let alpha = dt / (timeConstant.seconds + dt)
        return current + (target - current) * alpha
    }
}
