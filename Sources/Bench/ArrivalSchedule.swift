import FanControl
import Foundation

/// When the requests of a request-rate level are sent: a Poisson process, as vLLM's
/// `benchmark_serving --request-rate` makes it (burstiness 1): the gaps between arrivals are
/// exponentially distributed with mean 1 / rate, drawn from a generator seeded so a run can be
/// repeated exactly. At an infinite rate every request is sent at once.
public struct ArrivalSchedule: Sendable, Equatable {
    /// Seconds from the level's start at which each request is sent, ascending; the first is 0.
    public let offsets: [Double]

    /// The arrival times of `count` requests at `rate`, from `seed`.
    public init(count: Int, rate: RequestRate, seed: UInt64) {
        guard count > 0 else { offsets = []; return }
        guard !rate.isInfinite else { offsets = Array(repeating: 0, count: count); return }
        var generator = RandomSource(seed: seed)
        var time = 0.0
        var offsets = [0.0]
        for _ in 1..<count {
            // Inverse transform: −ln(1 − U) / rate is exponential with mean 1 / rate (U in [0, 1)).
            let uniform = generator.unit()
            time += -log1p(-uniform) / rate.perSecond
            offsets.append(time)
        }
        self.offsets = offsets
    }

    /// The gaps between successive arrivals.
    public var gaps: [Double] { zip(offsets, offsets.dropFirst()).map { $1 - $0 } }
}
