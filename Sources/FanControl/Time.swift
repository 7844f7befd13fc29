/// A point on a monotonic clock, in seconds since an arbitrary origin.
///
/// The core never reads a clock: the caller passes `now` into every tick, so tests can
/// run an hour in a microsecond and time can even run backwards without harm.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since the clock's origin.
    public var seconds: Double

    /// Creates a timestamp `seconds` after the clock's origin.
    public init(seconds: Double) { self.seconds = seconds }

    /// The time span from `earlier` to this timestamp (negative if `earlier` is later).
    public func since(_ earlier: Timestamp) -> TimeSpan { TimeSpan(seconds: seconds - earlier.seconds) }

    /// This timestamp moved by `span`.
    public func advanced(by span: TimeSpan) -> Timestamp { Timestamp(seconds: seconds + span.seconds) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    public var description: String { "t=\(formatNumber(seconds))s" }
}

/// A length of time in seconds.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in seconds.
    public var seconds: Double

    /// Creates a span of `seconds`.
    public init(seconds: Double) { self.seconds = seconds }

    /// No time at all.
    public static let zero = TimeSpan(seconds: 0)

    /// Creates a span from milliseconds.
    public static func milliseconds(_ value: Double) -> TimeSpan { TimeSpan(seconds: value / 1000) }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }

    /// One step of a first-order lag with this span as its time constant: `current` moved
    /// towards `target` by `elapsed / (tau + elapsed)` of the way, which never overshoots. A
    /// time constant of zero (or less) reaches the target at once; a negative `elapsed` counts
    /// as none.
    public func lagStep(from current: Double, towards target: Double, elapsed: TimeSpan) -> Double {
        guard seconds > 0 else { return target }
        let dt = max(0, elapsed.seconds)
        return current + (target - current) * dt / (seconds + dt)
    }

    public var description: String {
        if seconds != 0 && abs(seconds) < 0.001 { return "\(formatNumber(seconds * 1_000_000))us" }
        if seconds != 0 && abs(seconds) < 1 { return "\(formatNumber(seconds * 1000))ms" }
        return "\(formatNumber(seconds))s"
    }
}
