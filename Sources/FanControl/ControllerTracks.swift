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
    /// The companion load (card power) once the value had stood still long enough to be at
    /// its equilibrium for that load, and since when the load has stayed far from it.
    var loadAnchor: Double?
    var loadAwaySince: Timestamp?
    var loadSwing = 0.0

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
                    loadAnchor = nil
                    loadAwaySince = nil
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

    /// Follows the companion load. A value that has stood still for ``FrozenUnderLoad/settle``
    /// is at the equilibrium for the load of that moment (the anchor); if the load then stays
    /// ``FrozenUnderLoad/swing`` or more away from it, the value must move within
    /// ``FrozenUnderLoad/window``.
    mutating func observeLoad(_ load: Double, now: Timestamp) {
        guard fault == nil, let changedAt else { return }
        guard let anchor = loadAnchor else {
            if now.since(changedAt) >= FrozenUnderLoad.settle { loadAnchor = load }
            return
        }
        if abs(load - anchor) >= FrozenUnderLoad.swing {
            if loadAwaySince == nil { loadAwaySince = now }
            loadSwing = abs(load - anchor)
        } else {
            loadAwaySince = nil
        }
    }

    /// This tick's fault, including the frozen checks under `policy`.
    func fault(now: Timestamp, policy: FailSafePolicy) -> SensorFault? {
        if let fault { return fault }
        if let limit = policy.maximumAge, now.since(sampledAt) > limit { return .tooOld(age: now.since(sampledAt)) }
        guard let changedAt else { return nil }
        let unchanged = now.since(changedAt)
        if let limit = policy.frozenAfter, unchanged > limit { return .frozen(since: unchanged) }
        if policy.detectsFrozenUnderLoad, let away = loadAwaySince, now.since(away) >= FrozenUnderLoad.window {
            return .frozenUnderLoad(since: unchanged, swing: loadSwing)
        }
        return nil
    }
}

/// When a junction temperature that does not follow its card's power counts as frozen.
enum FrozenUnderLoad {
    /// A value unchanged this long under steady power is at its equilibrium for that power.
    static let settle = TimeSpan(seconds: 10)
    /// A change of power this large moves a die's equilibrium by several degrees.
    static let swing = 30.0
    /// The die follows within a second or two; this long without a change is not a lag.
    static let window = TimeSpan(seconds: 5)
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
    /// Per selection: the spike filter's rise over its base (`nil`: not yet, or the base failed).
    var spikeRises: [Double?]
    /// The filtered demand before limits; `nil` before the first tick.
    var level: Double?
    /// When the demand first fell below the level (spin-down delay).
    var fallingSince: Timestamp?
    /// The duty written last tick (0 = stopped; the fan counts as stopped at start, unless
    /// ``Controller/fanIsTurning(_:)`` said otherwise).
    var lastOutput = 0.0
    /// Until when the fan is held at start duty.
    var kickUntil: Timestamp?
    /// The current feed-forward boost.
    var boost = 0.0
    /// The feed-forward's load baseline (with a fade).
    var loadBaseline: Double?
    /// Fail-safe state.
    var failSafe = FailSafeState()

    init(selectionCount: Int) {
        deadbands = Array(repeating: DeadbandTracker(), count: selectionCount)
        stepLevels = Array(repeating: 0, count: selectionCount)
        spikeRises = Array(repeating: nil, count: selectionCount)
    }
}
