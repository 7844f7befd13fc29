/// Reads a fan's curves past the load spikes a fan cannot cool.
///
/// An MI50's junction is its heat sink's temperature (what the edge sensor shows) plus the
/// die's rise over it, which follows the card's power within a second: a prefill lifts the
/// junction 15-20 °C and drops it as fast when decoding starts. No fan speed moves that rise;
/// the fan moves the heat sink, which changes over a minute or more. Chasing the rise makes a
/// blower swing with every request.
///
/// With a spike filter each curve is read at `base + rise`, where `base` (the edge sensor) is
/// followed at once and `rise` (the temperature minus the base) climbs with the ``rise``
/// time constant and falls with the ``fall`` one. Under a steady load that is the
/// temperature itself, so the curve keeps its meaning. Safety does not depend on the filter:
///
/// - at or above a curve's last point (or its critical point) the temperature as read
///   counts, so a hot card always gets the curve's top;
/// - the rise counted is never below zero, and a failed or missing base sensor means the
///   temperature is read as it is until the base reads again (the rise then starts afresh
///   from its current value, not from zero);
/// - fail-safe, stall and frozen-sensor checks use the readings, not the filtered value.
public struct SpikeFilter: Sendable, Hashable {
    /// Index of the base sensor (the heat sink: a card's `.edge`) in the controller's sensors.
    public var base: Int
    /// Time constant of a climb of the part above the base.
    public var rise: TimeSpan
    /// Time constant of a fall of the part above the base.
    public var fall: TimeSpan

    /// Creates a spike filter on the base sensor at index `base`.
    public init(base: Int, rise: TimeSpan, fall: TimeSpan) {
        self.base = base
        self.rise = rise
        self.fall = fall
    }

    /// The part above the base after one tick: `previous` moved towards `current` by one
    /// first-order step of `elapsed`, with ``rise`` or ``fall`` as the time constant. The
    /// first value (`previous` nil) is taken as it is.
    public func nextRise(previous: Double?, current: Double, elapsed: TimeSpan) -> Double {
        let current = max(0, current)
        guard let previous, previous.isFinite else { return current }
        return (current > previous ? rise : fall).lagStep(from: previous, towards: current, elapsed: elapsed)
    }

    /// The temperature to read a curve at, given the temperature as read, the base and the
    /// filtered rise, for a curve whose filtering stops at `ceiling` (its last point or
    /// critical point): at or above the ceiling, the reading.
    public static func curveTemperature(reading: Double, base: Double, rise: Double, ceiling: Double?) -> Double {
        if let ceiling, reading >= ceiling { return reading }
        return base + rise
    }

    /// Where filtering stops on `curve`: its last point (a step curve: the upper limit of its
    /// next-to-last level), or its critical point if that is lower. `nil`: nowhere.
    public static func ceiling(of curve: FanCurve) -> Double? {
        var top: Double?
        switch curve.shape {
        case .linear(let points): top = points.last?.temperature.celsius
        case .steps(let levels): top = levels.count >= 2 ? levels[levels.count - 2].upper?.celsius : nil
        }
        guard let critical = curve.critical?.celsius else { return top }
        return min(top ?? critical, critical)
    }
}
