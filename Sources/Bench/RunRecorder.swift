import Foundation
import Hardware

/// Collects a run's samples, episodes and requests while it goes, and the sampler's
/// schedule statistics.
public actor RunRecorder {
    public private(set) var samples: [TelemetrySample] = []
    public private(set) var requests: [RequestRecord] = []
    private var detector = ThrottleDetector()
    public private(set) var missedDeadlines = 0
    public private(set) var samplingSeconds = 0.0

    public init() {}

    /// Records a sample, what it cost to take, and the schedule's missed deadlines so far.
    public func add(_ sample: TelemetrySample, cost: Double, missed: Int) {
        samples.append(sample)
        detector.feed(sample)
        samplingSeconds += cost
        missedDeadlines = missed
    }

    public func add(_ record: RequestRecord) { requests.append(record) }

    public func episodes(closingAt time: Double) -> [ThrottleEpisode] {
        var copy = detector
        return copy.finish(at: time)
    }

    /// The samples between two times.
    public func samples(from start: Double, to end: Double) -> [TelemetrySample] {
        samples.filter { $0.time >= start && $0.time <= end }
    }

    /// The latest sample.
    public var latest: TelemetrySample? { samples.last }
}

/// Samples at a fixed rate on the monotonic clock until stopped, into a recorder.
public enum SamplingLoop {
    /// Runs until `stop()` says so; `origin` is the run's start on the monotonic clock.
    public static func run(sampler: TelemetrySampler, rate: Double, origin: Double, recorder: RunRecorder,
                           stop: @Sendable () -> Bool) async {
        var schedule = SamplingSchedule(rate: rate)
        while !stop() {
            let now = monotonicSeconds() - origin
            let sample = sampler.sample(at: now)
            let cost = monotonicSeconds() - origin - now
            let next = schedule.took(at: now)
            await recorder.add(sample, cost: cost, missed: schedule.missed)
            let wait = next - (monotonicSeconds() - origin)
            if wait > 0 {
                // No leeway: the schedule is the point of the sampler.
                let clock = SuspendingClock()
                try? await Task.sleep(until: clock.now + .nanoseconds(Int64(wait * 1e9)), tolerance: .zero, clock: clock)
            }
        }
    }
}
