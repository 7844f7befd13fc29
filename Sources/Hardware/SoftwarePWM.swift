import FanControl

/// The on/off pattern of a slow software PWM: within each period the line is on for
/// `duty × period` from the period's start. Pure, so the pattern is testable without a line.
public struct SoftwarePWMSchedule: Sendable, Hashable {
    /// The period in seconds (1 / frequency).
    public let period: Double
    /// Shortest on or off pulse worth switching (shorter ones round to fully on or off).
    public let minimumPulse: Double

    /// Creates a schedule for `frequency` Hz.
    public init(frequency: Double, minimumPulse: Double = 0.002) {
        self.period = 1 / max(frequency, 0.001)
        self.minimumPulse = minimumPulse
    }

    /// The line level at `time` for `duty`, and how long until it next changes.
    public func level(at time: Double, duty: Duty) -> (on: Bool, next: Double) {
        let onTime = duty.fraction * period
        if onTime < minimumPulse { return (false, period) }
        if period - onTime < minimumPulse { return (true, period) }
        let phase = time.truncatingRemainder(dividingBy: period)
        let position = phase < 0 ? phase + period : phase
        return position < onTime ? (true, onTime - position) : (false, period - position)
    }
}
