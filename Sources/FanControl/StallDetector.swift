/// Notices a stalled fan: asked to run above its start duty, yet its tach reads 0 RPM for
/// several ticks in a row.
public struct StallDetector: Sendable, Hashable {
    /// Ticks at 0 RPM (while driven above start duty) before the fan counts as stalled.
    public let ticks: Int
    /// Consecutive suspicious ticks so far.
    public private(set) var count = 0

    /// Creates a detector.
    public init(ticks: Int) { self.ticks = max(1, ticks) }

    /// Feeds one tick; returns whether the fan is stalled now. An unreadable tach (`rpm` nil)
    /// neither proves nor clears a stall.
    public mutating func update(duty: Duty, startDuty: Duty, rpm: Int?) -> Bool {
        guard let rpm else { return count >= ticks }
        if rpm == 0 && duty > startDuty && duty > .off {
            count += 1
        } else {
            count = 0
        }
        return count >= ticks
    }
}
