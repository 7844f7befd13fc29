/// The control loop's brain: one ``tick(readings:now:)`` turns sensor readings and the time
/// into a duty per fan, with the reason for each.
///
/// Pure and deterministic: no I/O, no clock. Time is whatever the caller says it is, and may
/// even run backwards (a clock jump) without stalling a delay or a kick forever.
public struct Controller: Sendable {
    /// The sensors and fans this controller drives.
    public let plan: ControlPlan
    /// The decisions of the latest tick, one per fan, in plan order.
    public private(set) var decisions: [FanDecision]

    private var sensorTracks: [SensorTrack]
    private var fanTracks: [FanTrack]
    private var lastTick: Timestamp?
    private let onDemand: OnDemandSensors
    /// Per fan: the least demand its curves can make (see ``nextLevel``).
    private let floors: [Double]

    /// Creates a controller for `plan`. Until the first tick every fan is considered stopped.
    public init(plan: ControlPlan) {
        self.plan = plan
        self.sensorTracks = Array(repeating: SensorTrack(), count: plan.sensors.count)
        self.fanTracks = plan.fans.map { FanTrack(selectionCount: $0.selections.count) }
        self.decisions = plan.fans.map { _ in FanDecision(duty: .full) }
        self.onDemand = OnDemandSensors(plan: plan)
        self.floors = plan.fans.map { fan in fan.selections.map(\.curve.lowestDuty.fraction).max() ?? 0 }
    }

    /// Creates a controller for `plan` that carries on from `previous` (a reload): sensors and
    /// fans with the same names keep their history, so fail-safe, deadbands, delays,
    /// smoothing and a fan's running state survive, and a running fan is not kicked again.
    public init(plan: ControlPlan, continuing previous: Controller) {
        self.init(plan: plan)
        lastTick = previous.lastTick
        for (index, sensor) in plan.sensors.enumerated() {
            if let old = previous.plan.sensorIndex(named: sensor.name) { sensorTracks[index] = previous.sensorTracks[old] }
        }
        for (index, fan) in plan.fans.enumerated() {
            guard let old = previous.plan.fans.firstIndex(where: { $0.name == fan.name }) else { continue }
            var track = previous.fanTracks[old]
            if fan.selections.map(\.name) != previous.plan.fans[old].selections.map(\.name) {
                // Other inputs: their deadbands and step levels start afresh, the rest carries on.
                track.deadbands = Array(repeating: DeadbandTracker(), count: fan.selections.count)
                track.stepLevels = Array(repeating: 0, count: fan.selections.count)
                track.spikeRises = Array(repeating: nil, count: fan.selections.count)
            }
            fanTracks[index] = track
            decisions[index] = previous.decisions[old]
        }
    }

    /// Tells the controller that fan `index` is turning now (its tachometer reads RPM) while the
    /// controller still counts it as stopped (before its first output): the fan needs no start
    /// kick, so taking over a blower that already spins does not surge it to `start_duty`.
    public mutating func fanIsTurning(_ index: Int) {
        guard fanTracks.indices.contains(index), fanTracks[index].lastOutput == 0 else { return }
        fanTracks[index].lastOutput = plan.fans[index].limits.startDuty.fraction
    }

    /// Per sensor, in ``ControlPlan/sensors`` order: whether the tick at `now` needs a reading
    /// of it. Every sensor a fan follows does; a card's power that serves only the check for
    /// temperatures frozen under load is needed only while one of them has stood still long
    /// enough for that check (see ``OnDemandSensors``). A sensor not read is passed to
    /// ``tick(readings:now:unread:)`` as unread, and its last reading stands. (One call for all
    /// sensors: a caller that keeps the controller in a class property copies it for each call.)
    public func wantedReadings(at now: Timestamp) -> [Bool] {
        sensorTracks.indices.map { onDemand.wanted($0, tracks: sensorTracks, now: now) }
    }

    /// Advances the controller by one tick.
    ///
    /// - Parameters:
    ///   - readings: one reading per sensor, in ``ControlPlan/sensors`` order (missing
    ///     trailing readings count as not read).
    ///   - now: the current time on a monotonic clock.
    ///   - unread: per sensor, `true` for one left unread on this tick because
    ///     ``wantedReadings(at:)`` said it was not needed; its reading is ignored and what the
    ///     controller remembers of it stands. Empty: every reading counts.
    /// - Returns: one decision per fan, in ``ControlPlan/fans`` order.
    @discardableResult
    public mutating func tick(readings: [Reading], now: Timestamp, unread: [Bool] = []) -> [FanDecision] {
        var elapsed = TimeSpan.zero
        if let lastTick, now > lastTick { elapsed = now.since(lastTick) }
        lastTick = now
        func isUnread(_ index: Int) -> Bool { index < unread.count && unread[index] }
        for index in sensorTracks.indices where !isUnread(index) {
            let reading = index < readings.count ? readings[index] : .fault(.notRead)
            sensorTracks[index].update(reading, kind: plan.sensors[index].kind, now: now)
        }
        for index in sensorTracks.indices {
            guard let load = plan.sensors[index].load, sensorTracks[load].fault == nil, !isUnread(load) else { continue }
            sensorTracks[index].observeLoad(sensorTracks[load].value, now: now)
        }
        for fan in plan.fans.indices {
            decisions[fan] = decide(fan: fan, now: now, elapsed: elapsed)
        }
        return decisions
    }

    private mutating func decide(fan index: Int, now: Timestamp, elapsed: TimeSpan) -> FanDecision {
        let fan = plan.fans[index]
        let fault = firstFault(of: fan, now: now)
        let inFailSafe = fanTracks[index].failSafe.record(fault, policy: fan.failSafe)
        // Every healthy selection is evaluated, in fail-safe too: its deadband and step level
        // keep up, and a healthy sensor that asks for more than the fail-safe duty gets it.
        var decision = FanDecision(duty: .off)
        var demand = -1.0
        var critical = false
        for (position, selection) in fan.selections.enumerated() {
            if selection.sensors.contains(where: { sensorTracks[$0].fault(now: now, policy: fan.failSafe) != nil }) {
                // Its spike filter starts afresh from the rise it sees when the sensor is back.
                fanTracks[index].spikeRises[position] = nil
                continue
            }
            let reading = selection.combine { sensorTracks[$0].value }
            let filtered = spikeFiltered(reading, selection: selection, of: index, at: position, now: now, elapsed: elapsed)
            let temperature = Temperature(celsius: filtered)
            let (duty, spot, notes) = evaluate(selection, of: index, at: position, temperature: temperature)
            if duty.fraction > demand || (spot == .critical && !critical) {
                demand = duty.fraction
                critical = critical || spot == .critical
                decision.selection = position
                decision.temperature = temperature
                decision.readTemperature = filtered != reading ? Temperature(celsius: reading) : nil
                decision.spot = spot
                decision.notes = notes
            }
        }
        if inFailSafe { return failSafeDecision(fan: index, healthy: decision, demand: demand, critical: critical) }
        // A sensor failed without starting fail-safe yet: never slow down, and with nothing
        // to hold (start-up), run at the fail-safe duty rather than guess.
        let pending = fault != nil
        demand = max(demand, 0)
        if pending {
            decision.notes.insert(.sensorPending)
            if fanTracks[index].level == nil { demand = max(demand, fan.failSafe.duty.fraction) }
        }
        if let feedForward = fan.feedForward {
            let load = sensorTracks[feedForward.sensor]
            let boost = feedForward.nextBoost(
                previous: fanTracks[index].boost, load: load.fault == nil ? load.value : nil, elapsed: elapsed,
                baseline: &fanTracks[index].loadBaseline)
            fanTracks[index].boost = boost
            if boost > 0 {
                decision.feedForwardBoost = boost
                decision.notes.insert(.feedForward)
                demand = min(1, demand + boost)
            }
        }
        decision.demand = Duty(fraction: demand)
        if critical { decision.notes.insert(.critical) }
        let level = nextLevel(fan: index, demand: demand, critical: critical, hold: pending,
                              now: now, elapsed: elapsed, notes: &decision.notes)
        decision.duty = limitedOutput(fan: index, level: level, critical: critical, now: now, notes: &decision.notes)
        return decision
    }

    /// The temperature `selection`'s curve is read at: the reading itself, or with the fan's
    /// spike filter, its base plus the filtered part above the base (see ``SpikeFilter``).
    private mutating func spikeFiltered(
        _ reading: Double, selection: SensorSelection, of fan: Int, at position: Int, now: Timestamp, elapsed: TimeSpan
    ) -> Double {
        guard let filter = plan.fans[fan].spikeFilter else { return reading }
        let base = sensorTracks[filter.base]
        guard base.fault(now: now, policy: plan.fans[fan].failSafe) == nil, base.value.isFinite else {
            fanTracks[fan].spikeRises[position] = nil
            return reading
        }
        let rise = filter.nextRise(previous: fanTracks[fan].spikeRises[position], current: reading - base.value, elapsed: elapsed)
        fanTracks[fan].spikeRises[position] = rise
        return SpikeFilter.curveTemperature(reading: reading, base: base.value, rise: rise,
                                            ceiling: SpikeFilter.ceiling(of: selection.curve))
    }

    private mutating func evaluate(
        _ selection: SensorSelection, of fan: Int, at position: Int, temperature: Temperature
    ) -> (Duty, FanCurve.Spot, DecisionNotes) {
        let curve = selection.curve
        let (reference, held) = fanTracks[fan].deadbands[position].update(
            temperature, deadband: curve.hysteresis.deadband)
        let notes: DecisionNotes = held ? [.deadbandHeld] : []
        if let critical = curve.critical, temperature >= critical { return (.full, .critical, []) }
        switch curve.shape {
        case .linear(let points):
            let (duty, spot) = FanCurve.interpolate(points, at: reference)
            return (duty, spot, notes)
        case .steps(let levels):
            let level = FanCurve.stepLevel(levels, for: temperature, from: fanTracks[fan].stepLevels[position])
            fanTracks[fan].stepLevels[position] = level
            return (levels.isEmpty ? .full : levels[level].duty, .level(level), [])
        }
    }

    /// The filtered demand: rises at once, falls only as hysteresis and smoothing allow.
    private mutating func nextLevel(
        fan index: Int, demand: Double, critical: Bool, hold: Bool,
        now: Timestamp, elapsed: TimeSpan, notes: inout DecisionNotes
    ) -> Double {
        let fan = plan.fans[index]
        guard let level = fanTracks[index].level, !critical else {
            fanTracks[index].level = demand
            fanTracks[index].fallingSince = nil
            return demand
        }
        // With a rise step the fan keeps up to that much above the demand: rising goes to the
        // top of that band at once (see ``Hysteresis/risen(to:maximum:)``), falling comes down
        // to the fall margin above the demand (by default the band's top).
        if demand >= level {
            let next = demand > level ? fan.hysteresis.risen(to: demand, maximum: fan.limits.maximum.fraction) : level
            fanTracks[index].level = next
            fanTracks[index].fallingSince = nil
            return next
        }
        // At the floor (the least the fan's curves ask) no lower demand can come, so no band
        // above it is kept and no step is too small: after the spin-down delay an idle card's
        // fan returns to its idle duty instead of staying up to a rise and a minimum step above it.
        let atFloor = demand <= floors[index] + 1e-9
        let target = atFloor ? demand : fan.hysteresis.fallen(to: demand)
        if target >= level {
            fanTracks[index].fallingSince = nil
            return level
        }
        if hold { return level }
        if let since = fanTracks[index].fallingSince, since <= now {
            if now.since(since) < fan.hysteresis.spinDownDelay {
                notes.insert(.spinDownHeld)
                return level
            }
        } else {
            fanTracks[index].fallingSince = now
            if fan.hysteresis.spinDownDelay > .zero {
                notes.insert(.spinDownHeld)
                return level
            }
        }
        if level - target < fan.hysteresis.minimumStep && !atFloor {
            notes.insert(.minimumStepHeld)
            return level
        }
        let next = fan.smoothing.fall(from: level, to: target, elapsed: elapsed)
        if next > target { notes.insert(.smoothing) }
        fanTracks[index].level = next
        return next
    }

    /// Applies the fan's limits, the stop threshold and the start kick.
    private mutating func limitedOutput(
        fan index: Int, level: Double, critical: Bool, now: Timestamp, notes: inout DecisionNotes
    ) -> Duty {
        let limits = plan.fans[index].limits
        var output = level
        if critical {
            output = 1
        } else if output > limits.maximum.fraction {
            output = limits.maximum.fraction
            notes.insert(.clampedToMaximum)
        }
        if let stop = limits.stopBelow, output < stop.fraction {
            output = 0
            notes.insert(.stopped)
        } else if output < limits.minimum.fraction {
            output = limits.minimum.fraction
            notes.insert(.clampedToMinimum)
        }
        if output > 0 {
            if fanTracks[index].lastOutput == 0, limits.kickTime > .zero, output < limits.startDuty.fraction {
                fanTracks[index].kickUntil = now.advanced(by: limits.kickTime)
            }
            if let until = fanTracks[index].kickUntil, now.since(until) < .zero {
                if until.since(now) > limits.kickTime { fanTracks[index].kickUntil = now.advanced(by: limits.kickTime) }
                if output < limits.startDuty.fraction {
                    output = limits.startDuty.fraction
                    notes.insert(.kick)
                }
            } else {
                fanTracks[index].kickUntil = nil
            }
        } else {
            fanTracks[index].kickUntil = nil
        }
        fanTracks[index].lastOutput = output
        return Duty(fraction: output)
    }

    /// Fail-safe: the fail-safe duty, or more when a healthy sensor asks for more, and full
    /// speed when any healthy sensor is at its critical point.
    private mutating func failSafeDecision(fan index: Int, healthy: FanDecision, demand: Double, critical: Bool) -> FanDecision {
        let fan = plan.fans[index]
        let output = critical ? 1 : max(fan.failSafe.duty.fraction, demand)
        var decision = FanDecision(duty: Duty(fraction: output))
        decision.notes = critical ? [.failSafe, .critical] : [.failSafe]
        if critical || demand > fan.failSafe.duty.fraction {
            decision.selection = healthy.selection
            decision.temperature = healthy.temperature
            decision.spot = healthy.spot
        }
        decision.failSafeSensor = fanTracks[index].failSafe.cause?.sensor
        decision.failSafeFault = fanTracks[index].failSafe.cause?.fault
        fanTracks[index].level = output
        fanTracks[index].fallingSince = nil
        fanTracks[index].lastOutput = output
        fanTracks[index].kickUntil = nil
        return decision
    }

    /// The first failing temperature sensor this fan depends on, if any.
    private func firstFault(of fan: FanPlan, now: Timestamp) -> (sensor: Int, fault: SensorFault)? {
        for selection in fan.selections {
            for sensor in selection.sensors {
                if let fault = sensorTracks[sensor].fault(now: now, policy: fan.failSafe) {
                    return (sensor, fault)
                }
            }
        }
        return nil
    }
}
