/// What the controller remembers about one sensor between ticks.
struct SensorTrack: Sendable {
    /// The latest good value (NaN before the first one).
    var value = Double.nan
    /// When the latest good value was sampled.
    var sampledAt = Timestamp(seconds: 0)
    /// When the value last changed.
    var changedAt: Timestamp?
    /// This tick's fault, if the reading was bad.
    var fault: SensorFault? = .notRead
    /// The lowest and highest companion load (card power) seen since the value last changed.
    var loadSpan: ClosedRange<Double>?

    mutating func update(_ reading: Reading, kind: SensorKind, now: Timestamp) {
        switch reading {
        case .fault(let fault):
            self.fault = fault
        case .value(let newValue, let at):
            if newValue.isNaN {
                fault = .notANumber
            } else if kind == .temperature && !Temperature(celsius: newValue).isPlausibleForGPU {
                fault = .implausible(newValue)
            } else if kind == .temperature, let drop = implausibleDrop(to: newValue, at: at) {
                fault = drop
            } else {
                if newValue != value || changedAt == nil {
                    changedAt = at
                    loadSpan = nil
                }
                if let changed = changedAt, changed > now { changedAt = now }
                value = newValue
                sampledAt = at
                fault = nil
            }
        }
    }

    /// A fall faster than silicon cools (95 °C to 20 °C in one second) is a broken reading,
    /// not a temperature: it is not believed until enough time has passed since the last
    /// believed value for such a fall to be possible. Rises are always believed: they only
    /// ever speed the fan up.
    private func implausibleDrop(to newValue: Double, at: Timestamp) -> SensorFault? {
        guard !value.isNaN, newValue < value else { return nil }
        let seconds = at > sampledAt ? at.since(sampledAt).seconds : 0
        let allowed = TemperatureSlew.instantDrop + TemperatureSlew.dropPerSecond * seconds
        return value - newValue > allowed ? .jumped(from: value, to: newValue) : nil
    }

    /// Widens the load span with this tick's companion load reading.
    mutating func observeLoad(_ load: Double) {
        guard fault == nil else { return }
        loadSpan = loadSpan.map { min($0.lowerBound, load)...max($0.upperBound, load) } ?? load...load
    }

    /// This tick's fault, including the frozen checks under `policy`.
    func fault(now: Timestamp, policy: FailSafePolicy) -> SensorFault? {
        if let fault { return fault }
        if let limit = policy.maximumAge, now.since(sampledAt) > limit { return .tooOld(age: now.since(sampledAt)) }
        guard let changedAt else { return nil }
        let unchanged = now.since(changedAt)
        if let limit = policy.frozenAfter, unchanged > limit { return .frozen(since: unchanged) }
        if let swing = policy.frozenLoadSwing, let span = loadSpan, span.upperBound - span.lowerBound >= swing,
           unchanged >= FailSafePolicy.frozenLoadWindow {
            return .frozenUnderLoad(since: unchanged, swing: span.upperBound - span.lowerBound)
        }
        return nil
    }
}

/// How fast a GPU temperature can plausibly fall.
enum TemperatureSlew {
    /// A fall of up to this much is believed at once (the junction's hot spot collapses
    /// within a second when load stops).
    static let instantDrop = 30.0
    /// Each second since the last believed reading allows this much more.
    static let dropPerSecond = 10.0
}

/// What the controller remembers about one fan between ticks.
struct FanTrack: Sendable {
    /// Per selection: the deadband's reference temperature.
    var deadbands: [DeadbandTracker]
    /// Per selection: the current step level (step curves only).
    var stepLevels: [Int]
    /// The filtered demand before limits; `nil` before the first tick.
    var level: Double?
    /// When the demand first fell below the level (spin-down delay).
    var fallingSince: Timestamp?
    /// The duty written last tick (0 = stopped; the fan counts as stopped at start).
    var lastOutput = 0.0
    /// Until when the fan is held at start duty.
    var kickUntil: Timestamp?
    /// The current feed-forward boost.
    var boost = 0.0
    /// Fail-safe state.
    var failSafe = FailSafeState()

    init(selectionCount: Int) {
        deadbands = Array(repeating: DeadbandTracker(), count: selectionCount)
        stepLevels = Array(repeating: 0, count: selectionCount)
    }
}
