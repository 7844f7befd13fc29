/// When a fan's tachometer is read.
///
/// A Super I/O chip's hwmon driver (nct6775, w83627hf and the like) reads the chip's registers
/// again at most every 1.5 s (`last_updated + HZ + HZ / 2`), over a slow bus, so a 1 s loop that
/// read the tach on every tick would get the value it already had on every other tick. The
/// tach is read once every ``every`` ticks (at least 1.5 s apart), and on every tick while a
/// stall is suspected (the stall detector counts a 0 RPM reading), so a stall is reported at
/// most one tick later than with a read on every tick.
public struct TachSchedule: Sendable, Hashable {
    /// The shortest time between two reads when no stall is suspected, seconds: a Super I/O
    /// chip's refresh period.
    public static let period = 1.5

    /// Ticks from one read to the next when no stall is suspected.
    public let every: Int
    private var ticksUntilRead = 0

    /// The schedule for a loop ticking every `interval`.
    public init(interval: TimeSpan) {
        every = max(1, Int((Self.period / max(interval.seconds, 0.001)).rounded(.up)))
    }

    /// Whether the tach is to be read on this tick; `suspect`: a stall is suspected. The
    /// first tick always reads.
    public mutating func due(suspect: Bool) -> Bool {
        ticksUntilRead -= 1
        guard suspect || ticksUntilRead <= 0 else { return false }
        ticksUntilRead = every
        return true
    }
}
