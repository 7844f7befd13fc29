/// What a particular fan can and may do.
public struct FanLimits: Sendable, Hashable {
    /// The lowest duty the fan runs at (unless ``stopBelow`` lets it stop).
    public var minimum: Duty
    /// The highest duty the curve may ask for. The critical temperature and fail-safe ignore it.
    public var maximum: Duty
    /// When the control asks for less than this, the fan stops instead of running at
    /// ``minimum``. `nil`: the fan never stops.
    public var stopBelow: Duty?
    /// A stopped fan is started at this duty (fans stall below their start duty).
    public var startDuty: Duty
    /// How long a starting fan is held at ``startDuty`` before it settles lower.
    public var kickTime: TimeSpan

    /// Creates fan limits.
    public init(
        minimum: Duty = .off, maximum: Duty = .full, stopBelow: Duty? = nil,
        startDuty: Duty = .off, kickTime: TimeSpan = .zero
    ) {
        self.minimum = minimum
        self.maximum = maximum
        self.stopBelow = stopBelow
        self.startDuty = startDuty
        self.kickTime = kickTime
    }

    /// A fan with no limits at all.
    public static let unrestricted = FanLimits()
}

/// Feed-forward from load: raises the duty while board power (or busy %) is above a
/// threshold, so the fan leads the temperature instead of chasing it. An MI50 junction jumps
/// 20 °C within seconds when a prompt arrives; the heatsink needs the air before that.
public struct FeedForward: Sendable, Hashable {
    /// Index of the load sensor (power in W or busy in %) in the controller's sensor list.
    public var sensor: Int
    /// Load below this adds nothing.
    public var threshold: Double
    /// Duty fraction added per unit of load above the threshold (per W or per %).
    public var gain: Double
    /// The largest boost, as a fraction of full speed.
    public var maximum: Double
    /// How fast the boost decays once the load falls (first-order time constant).
    public var decay: TimeSpan
    /// How fast the boost fades while the load holds (first-order time constant; zero: it
    /// stays as long as the load). With a fade the boost leads a rise of load and leaves a
    /// steady load to the curve: it follows the load above a baseline that follows the load
    /// down at once and up with this time constant.
    public var fade: TimeSpan

    /// Creates a feed-forward term.
    public init(sensor: Int, threshold: Double, gain: Double, maximum: Double, decay: TimeSpan, fade: TimeSpan = .zero) {
        self.sensor = sensor
        self.threshold = threshold
        self.gain = gain
        self.maximum = maximum
        self.decay = decay
        self.fade = fade
    }

    /// The boost the load asks for right now, before decay.
    public func instantBoost(load: Double) -> Double {
        guard load.isFinite else { return 0 }
        return min(maximum, max(0, (load - threshold) * gain))
    }

    /// The boost after one tick: jumps up at once, decays with ``decay`` on the way down.
    public func nextBoost(previous: Double, load: Double?, elapsed: TimeSpan) -> Double {
        let decayed = decay.lagStep(from: previous, towards: 0, elapsed: elapsed)
        guard let load else { return decayed }
        return max(instantBoost(load: load), decayed)
    }

    /// The boost after one tick with ``fade``: the load is measured from `baseline` (or the
    /// threshold, whichever is higher), and `baseline` moves on. Without a fade, as
    /// ``nextBoost(previous:load:elapsed:)``.
    public func nextBoost(previous: Double, load: Double?, elapsed: TimeSpan, baseline: inout Double?) -> Double {
        guard fade > .zero else { return nextBoost(previous: previous, load: load, elapsed: elapsed) }
        let decayed = decay.lagStep(from: previous, towards: 0, elapsed: elapsed)
        guard let load, load.isFinite else { return decayed }
        var base = baseline ?? load
        base = load <= base ? load : fade.lagStep(from: base, towards: load, elapsed: elapsed)
        baseline = base
        return max(min(maximum, max(0, (load - max(threshold, base)) * gain)), decayed)
    }
}
