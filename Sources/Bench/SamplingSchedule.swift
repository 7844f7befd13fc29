/// When samples are due at a fixed rate, and how many deadlines were missed. Pure: the
/// caller says what time it is.
public struct SamplingSchedule: Sendable, Equatable {
    /// Seconds between samples.
    public let period: Double
    /// The next deadline, seconds since the start.
    public private(set) var next: Double
    /// Deadlines passed without a sample (a sample came more than half a period late).
    public private(set) var missed = 0
    /// Samples taken.
    public private(set) var taken = 0

    /// A schedule at `rate` samples per second from time 0.
    public init(rate: Double) {
        period = 1 / max(0.01, rate)
        next = 0
    }

    /// Records a sample taken at `now`; returns the next deadline. Late samples count every
    /// deadline they skipped as missed; the schedule never drifts.
    public mutating func took(at now: Double) -> Double {
        taken += 1
        let late = now - next
        if late > period / 2 {
            let skipped = Int((late / period).rounded(.down))
            missed += max(1, skipped)
            next += Double(skipped) * period
        }
        next += period
        if next <= now { next = now + period }
        return next
    }
}
