import FanControl
import Hardware

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's clocks: monotonic (stops in suspend) and boot time (does not), in seconds.
public protocol DaemonClock: Sendable {
    /// Seconds on a clock that stops while the machine sleeps.
    func monotonic() -> Double
    /// Seconds on a clock that keeps running while the machine sleeps.
    func boottime() -> Double
}

/// The kernel's `CLOCK_MONOTONIC` and `CLOCK_BOOTTIME`.
public struct SystemDaemonClock: DaemonClock {
    /// Creates the system clock.
    public init() {}
    public func monotonic() -> Double { clockSeconds(CLOCK_MONOTONIC) }
    public func boottime() -> Double { clockSeconds(CLOCK_BOOTTIME) }
}

/// What tells the daemon to tick.
public protocol DaemonTicker: Sendable {
    /// Calls `tick` every `interval` until the task is cancelled.
    func run(interval: TimeSpan, tick: @escaping @Sendable () -> Void) async
    /// Changes the interval (after a reload).
    func setInterval(_ interval: TimeSpan) async
}

/// Ticks at the control interval on the suspending clock, without drift.
actor Ticker: DaemonTicker {
    private var interval = TimeSpan(seconds: 1)

    func setInterval(_ value: TimeSpan) { interval = value }

    func run(interval: TimeSpan, tick: @escaping @Sendable () -> Void) async {
        self.interval = interval
        let clock = SuspendingClock()
        var next = clock.now
        while !Task.isCancelled {
            let step = Duration.milliseconds(Int64(self.interval.seconds * 1000))
            if clock.now >= next {
                tick()
                next = next + step
                if next < clock.now { next = clock.now + step }
            }
            try? await Task.sleep(until: next, clock: clock)
        }
    }
}
