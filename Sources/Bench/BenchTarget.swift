import Foundation

/// What a benchmark's requests go to and how they are named: the API, server and model, the
/// per-request limits, the run's prompt hygiene and the framework name in the tables.
public struct BenchTarget: Sendable {
    /// The API, server and model.
    public var api: InferenceAPI, endpoint: URL, model: String
    /// Per-request limits.
    public var timeouts: RequestTimeouts
    /// The run's id, for the prompts' unique prefixes.
    public var hygiene: PromptHygiene
    /// The framework name the requests are recorded under.
    public var framework: String

    /// Creates a target.
    public init(api: InferenceAPI, endpoint: URL, model: String, timeouts: RequestTimeouts, hygiene: PromptHygiene, framework: String) {
        self.api = api
        self.endpoint = endpoint
        self.model = model
        self.timeouts = timeouts
        self.hygiene = hygiene
        self.framework = framework
    }

    /// A fresh record for `request` of this target, to be filled by the measurement.
    func template(_ request: BenchSuite.Request, mode: String? = nil) -> RequestRecord {
        RequestRecord(framework: framework, model: model, task: request.task, language: request.language, start: 0, end: 0,
                      figures: InferenceFigures(source: "none"), throttle: [], mode: mode)
    }

    /// Sends the warm-up request (a prompt no measured one starts like), its reply not recorded.
    func warmUp(from first: BenchSuite.Request, interruption: BenchInterruption) async {
        let (api, endpoint, model, timeouts, request) = (api, endpoint, model, timeouts, hygiene.warmup(from: first))
        _ = try? await interruption.run { try api.send(endpoint: endpoint, model: model, request: request, timeouts: timeouts) }
    }

    /// Streams `request` (a blocking call, for `RunSession.measure`).
    func stream(_ request: BenchSuite.Request) -> @Sendable () throws -> StreamReply {
        let (api, endpoint, model, timeouts) = (api, endpoint, model, timeouts)
        return { try api.stream(endpoint: endpoint, model: model, request: request, timeouts: timeouts) }
    }
}
