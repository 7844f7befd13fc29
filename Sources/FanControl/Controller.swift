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

    /// Creates a controller for `plan`. Until the first tick every fan is considered stopped.
    public init(plan: ControlPlan) {
        self.plan = plan
        self.sensorTracks = Array(repeating: SensorTrack(), count: plan.sensors.count)
        self.fanTracks = plan.fans.map { FanTrack(selectionCount: $0.selections.count) }
        self.decisions = plan.fans.map { _ in FanDecision(duty: .full) }
    }

    /// Advances the controller by one tick.
    ///
    /// - Parameters:
    ///   - readings: one reading per sensor, in ``ControlPlan/sensors`` order (missing
    ///     trailing readings count as not read).
    ///   - now: the current time on a monotonic clock.
    /// - Returns: one decision per fan, in ``ControlPlan/fans`` order.
    @discardableResult
    public mutating func tick(readings: [Reading], now: Timestamp) -> [FanDecision] {
        var elapsed = TimeSpan.zero
        if let lastTick, now > lastTick { elapsed = now.since(lastTick) }
        lastTick = now
        for index in sensorTracks.indices {
            let reading = index < readings.count ? readings[index] : .fault(.notRead)
            sensorTracks[index].update(reading, kind: plan.sensors[index].kind, now: now)
        }
        for fan in plan.fans.indices {
            decisions[fan] = decide(fan: fan, now: now, elapsed: elapsed)
        }
        return decisions
    }

    private mutating func decide(fan index: Int, now: Timestamp, elapsed: TimeSpan) -> FanDecision {
        let fan = plan.fans[index]
        let fault = firstFault(of: fan, now: now)
        if fanTracks[index].failSafe.record(fault, policy: fan.failSafe) {
            return failSafeDecision(fan: index)
        }
        var decision = FanDecision(duty: .off)
        var demand = -1.0
        var critical = false
        for (position, selection) in fan.selections.enumerated() {
            if selection.sensors.contains(where: { sensorTracks[$0].fault != nil }) { continue }
            let temperature = Temperature(celsius: selection.combine { sensorTracks[$0].value })
            let (duty, spot, notes) = evaluate(selection, of: index, at: position, temperature: temperature)
            if duty.fraction > demand || (spot == .critical && !critical) {
                demand = duty.fraction
                critical = critical || spot == .critical
                decision.selection = position
                decision.temperature = temperature
                decision.spot = spot
                decision.notes = notes
            }
        }
        // A selection whose sensor failed without starting fail-safe yet: never slow down.
        let partial = fault != nil
        demand = max(demand, 0)
        if let feedForward = fan.feedForward {
            let load = sensorTracks[feedForward.sensor]
            let boost = feedForward.nextBoost(
                previous: fanTracks[index].boost, load: load.fault == nil ? load.value : nil, elapsed: elapsed)
            fanTracks[index].boost = boost
            if boost > 0 {
                decision.feedForwardBoost = boost
                decision.notes.insert(.feedForward)
                demand = min(1, demand + boost)
            }
        }
        decision.demand = Duty(fraction: demand)
        if critical { decision.notes.insert(.critical) }
        let level = nextLevel(fan: index, demand: demand, critical: critical, hold: partial,
                              now: now, elapsed: elapsed, notes: &decision.notes)
        decision.duty = limitedOutput(fan: index, level: level, critical: critical, now: now, notes: &decision.notes)
        return decision
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
        var track = fanTracks[index]
        defer { fanTracks[index] = track }
        guard let level = track.level, demand < level, !critical else {
            track.level = demand
            track.fallingSince = nil
            return demand
        }
        if hold { return level }
        if let since = track.fallingSince, since <= now {
            if now.since(since) < fan.hysteresis.spinDownDelay {
                notes.insert(.spinDownHeld)
                return level
            }
        } else {
            track.fallingSince = now
            if fan.hysteresis.spinDownDelay > .zero {
                notes.insert(.spinDownHeld)
                return level
            }
        }
        if level - demand < fan.hysteresis.minimumStep {
            notes.insert(.minimumStepHeld)
            return level
        }
        let next = fan.smoothing.fall(from: level, to: demand, elapsed: elapsed)
        if next > demand { notes.insert(.smoothing) }
        track.level = next
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
        var track = fanTracks[index]
        defer { fanTracks[index] = track }
        if output > 0 {
            if track.lastOutput == 0, limits.kickTime > .zero, output < limits.startDuty.fraction {
                track.kickUntil = now.advanced(by: limits.kickTime)
            }
            if let until = track.kickUntil, now.since(until) < .zero {
                if until.since(now) > limits.kickTime { track.kickUntil = now.advanced(by: limits.kickTime) }
                if output < limits.startDuty.fraction {
                    output = limits.startDuty.fraction
                    notes.insert(.kick)
                }
            } else {
                track.kickUntil = nil
            }
        } else {
            track.kickUntil = nil
        }
        track.lastOutput = output
        return Duty(fraction: output)
    }

    private mutating func failSafeDecision(fan index: Int) -> FanDecision {
        let fan = plan.fans[index]
        var decision = FanDecision(duty: fan.failSafe.duty)
        decision.notes = [.failSafe]
        decision.failSafeSensor = fanTracks[index].failSafe.cause?.sensor
        decision.failSafeFault = fanTracks[index].failSafe.cause?.fault
        fanTracks[index].level = fan.failSafe.duty.fraction
        fanTracks[index].fallingSince = nil
        fanTracks[index].lastOutput = fan.failSafe.duty.fraction
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
