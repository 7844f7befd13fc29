/// The time a request-rate level sends on: the run's clock (seconds since it started) and a way
/// to wait until a moment on it. Tests give one that moves only when waited on, so arrival
/// times are checked without sleeping.
public protocol ServingClock: Sendable {
    /// Seconds since the run started.
    var now: Double { get }
    /// Returns at `deadline` (at once when it has passed); throws when the task is cancelled.
    func sleep(until deadline: Double) async throws
}

/// The run's own monotonic clock, waiting with `Task.sleep`.
public struct SessionClock: ServingClock {
    private let session: RunSession

    /// The clock of `session`.
    public init(_ session: RunSession) { self.session = session }

    /// Seconds since the run started.
    public var now: Double { session.now }

    /// Sleeps until `deadline` on the run's clock.
    public func sleep(until deadline: Double) async throws {
        let wait = deadline - session.now
        if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
    }
}
