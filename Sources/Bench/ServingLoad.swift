/// How a serving level loads the server: a fixed number of requests in flight (vLLM's
/// `--max-concurrency`, the next request sent as one finishes), or requests arriving at a rate
/// whatever is in flight (vLLM's `--request-rate`, Poisson arrivals).
public enum ServingLoad: Sendable, Equatable, CustomStringConvertible {
    /// This many requests in flight at once.
    case concurrency(Int)
    /// Requests arriving at this rate.
    case rate(RequestRate)

    /// The requests of a level when `--requests` is not given: four per request in flight, or
    /// 16 at a rate.
    public var defaultRequests: Int {
        switch self {
        case .concurrency(let level): 4 * level
        case .rate: 16
        }
    }

    /// `concurrency 4`, `request rate 2/s`, `request rate inf`: the level's name in the console.
    public var description: String {
        switch self {
        case .concurrency(let level): "concurrency \(level)"
        case .rate(let rate): "request rate \(rate)\(rate.isInfinite ? "" : "/s")"
        }
    }
}
