/// The suite, one request at a time, after a warm-up request no measured prompt starts like;
/// every measured prompt behind a prefix of its own, each recorded beside the sampler.
public struct SuiteBenchmark: Sendable {
    /// Where the requests go.
    public let target: BenchTarget

    /// Creates a benchmark.
    public init(target: BenchTarget) { self.target = target }

    /// Sends `requests` in order, each recorded in `session`, and returns the records (the
    /// request given up at an interruption is not one). `progress` gets a line per request.
    @discardableResult
    public func run(_ requests: [BenchSuite.Request], warmup: Bool, session: RunSession, interruption: BenchInterruption,
                    progress: (String) -> Void) async -> [RequestRecord] {
        if warmup, let first = requests.first {
            progress("warm-up request")
            await target.warmUp(from: first, interruption: interruption)
        }
        var records: [RequestRecord] = []
        for (index, suiteRequest) in requests.enumerated() {
            if interruption.hasFired { break }
            let request = target.hygiene.measured(suiteRequest, index: index + 1)
            guard let record = try? await session.measure(target.template(request), interruption: interruption, target.stream(request)).record else {
                break   // interrupted: not measured, left out of the run
            }
            records.append(record)
            progress(BenchLines.request(record))
        }
        return records
    }
}
