/// How a fan's duty may fall once it has risen. Rising is never delayed: a hotter card raises
/// the fan on the same tick, whatever these settings say.
public struct Hysteresis: Sendable, Hashable {
    /// Temperature deadband: the duty does not fall until the temperature has dropped this far
    /// below the point where it last rose.
    public var deadband: Double
    /// Spin-down delay: a lower duty must have been asked for this long before the fan slows.
    public var spinDownDelay: TimeSpan
    /// Minimum step: a fall smaller than this fraction of full speed is ignored, except a fall
    /// to the least the fan's curves ask (see ``riseStep``).
    public var minimumStep: Double
    /// Rise step: a duty that rises goes this fraction of full speed above what the curve
    /// asks, at once, and a fall comes down to ``fallMargin`` above it; while the curve's duty
    /// stays below the fan's, nothing is written. The fan never runs below the curve: one
    /// write covers the next few degrees of a climb, and a degree up and down does not move
    /// the fan. At the least the fan's curves ask (an idle card), no lower demand can come:
    /// the fan comes down to that duty itself.
    public var riseStep: Double
    /// How far above what the curve asks a fall lands, as a fraction of full speed; `nil`:
    /// ``riseStep`` (the top of the band). Less keeps less air on a card that cools after a
    /// load, at the cost of a write sooner when it warms again.
    public var fallMargin: Double?

    /// Creates hysteresis settings. `deadband` is in °C, `minimumStep`, `riseStep` and
    /// `fallMargin` fractions of full speed.
    public init(deadband: Double = 0, spinDownDelay: TimeSpan = .zero, minimumStep: Double = 0, riseStep: Double = 0,
                fallMargin: Double? = nil) {
        self.deadband = deadband
        self.spinDownDelay = spinDownDelay
        self.minimumStep = minimumStep
        self.riseStep = riseStep
        self.fallMargin = fallMargin
    }

    /// The level a rise to `demand` goes to: ``riseStep`` above it, at most full speed. With a
    /// rise step (a fan that climbs in steps, not along its curve), a rise that would end no
    /// more than ``minimumStep`` below the fan's `maximum` goes to the maximum: such a fan
    /// could only ever take one more small step up, and a hot card near the top of its curve
    /// gets all the air at once instead of in a last step too small to matter.
    public func risen(to demand: Double, maximum: Double) -> Double {
        let next = min(1, demand + riseStep)
        return riseStep > 0 && next < maximum && maximum - next <= minimumStep ? maximum : next
    }

    /// The level a fall to `demand` comes down to: ``fallMargin`` above it (``riseStep`` when
    /// not set), at most full speed.
    public func fallen(to demand: Double) -> Double {
        min(1, demand + (fallMargin ?? riseStep))
    }

    /// No hysteresis: the duty follows the curve both ways.
    public static let none = Hysteresis()

    /// What a linear curve file without a `hysteresis` mapping gets: a 2 °C deadband, a 15 s
    /// spin-down delay, falls of at least 5% and rises 6% above the curve. On the MI50's
    /// one-degree sensor steps this keeps a steady card from moving its fan at all, and a
    /// climb writes once every few degrees instead of on every degree.
    public static let standard = Hysteresis(
        deadband: 2, spinDownDelay: TimeSpan(seconds: 15), minimumStep: 0.05, riseStep: 0.06)
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
    /// a first-order low-pass step (`alpha = dt / (tau + dt)`), which never overshoots. A lag
    /// only nears its target: within half an 8-bit PWM step it is there, so a smoothed fall
    /// ends instead of creeping on in steps no header can show.
    public func fall(from current: Double, to target: Double, elapsed: TimeSpan) -> Double {
        guard target < current else { return target }
        let next = timeConstant.lagStep(from: current, towards: target, elapsed: elapsed)
        return next - target < 0.5 / 255 ? target : next
    }
}
