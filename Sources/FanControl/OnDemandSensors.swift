/// The sensors a tick may leave unread. A card's power that no fan follows (no curve, spike
/// filter or feed-forward reads it) serves only the frozen-under-load check of the card's
/// temperatures, and that check looks at the power only once a temperature has stood still
/// for ``FrozenUnderLoad/settle``: before that, a reading of the power changes nothing. Such a
/// sensor is read on the ticks that need it, so a loop at 1 s does not pay for a read (a round
/// trip to the chip's firmware on a real card) that it throws away on almost every tick.
struct OnDemandSensors: Sendable {
    /// Per sensor: the temperatures whose frozen-under-load check it serves, when that is all
    /// it serves; `nil` for a sensor read on every tick.
    private let watchers: [[Int]?]

    /// The schedule for `plan`.
    init(plan: ControlPlan) {
        var followed = Array(repeating: false, count: plan.sensors.count)
        for fan in plan.fans {
            for selection in fan.selections { for sensor in selection.sensors { followed[sensor] = true } }
            if let base = fan.spikeFilter?.base { followed[base] = true }
            if let sensor = fan.feedForward?.sensor { followed[sensor] = true }
        }
        var watchers: [[Int]?] = Array(repeating: nil, count: plan.sensors.count)
        for (index, sensor) in plan.sensors.enumerated() {
            guard let load = sensor.load, !followed[load] else { continue }
            watchers[load] = (watchers[load] ?? []) + [index]
        }
        self.watchers = watchers
    }

    /// Whether sensor `index` is to be read on the tick at `now`, given what the controller
    /// remembers of every sensor from the ticks before. The condition holds on every tick on
    /// which ``SensorTrack/observeLoad(_:now:)`` would do anything with the reading, as long as
    /// the tick's readings are less than ``FrozenUnderLoad/settle`` old: a watched temperature
    /// that changes on this tick then only moves its change time closer to `now`. (The loop
    /// reads everything on a tick whose reads blocked for a second or more.)
    func wanted(_ index: Int, tracks: [SensorTrack], now: Timestamp) -> Bool {
        guard let watched = watchers[index] else { return true }
        return watched.contains { watcher in
            guard let changedAt = tracks[watcher].changedAt else { return false }
            return tracks[watcher].loadAnchor != nil || now.since(changedAt) >= FrozenUnderLoad.settle
        }
    }
}
