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

    mutating func update(_ reading: Reading, kind: SensorKind, now: Timestamp) {
        switch reading {
        case .fault(let fault):
            self.fault = fault
        case .value(let newValue, let at):
            if newValue.isNaN {
                fault = .notANumber
            } else if kind == .temperature && !Temperature(celsius: newValue).isPlausible {
                fault = .implausible(newValue)
            } else {
                if newValue != value || changedAt == nil { changedAt = at }
                if let changed = changedAt, changed > now { changedAt = now }
                value = newValue
                sampledAt = at
                fault = nil
            }
        }
    }

    /// This tick's fault, including age and frozen checks under `policy`.
    func fault(now: Timestamp, policy: FailSafePolicy) -> SensorFault? {
        if let fault { return fault }
        if let limit = policy.maximumAge, now.since(sampledAt) > limit { return .tooOld(age: now.since(sampledAt)) }
        if let limit = policy.frozenAfter, let changedAt, now.since(changedAt) > limit {
            return .frozen(since: now.since(changedAt))
        }
        return nil
    }
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
