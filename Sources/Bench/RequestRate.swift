/// Requests per second for a serving level with arrivals (`--request-rate`): a positive number,
/// or infinity (`inf`), every request sent at once, as vLLM's `benchmark_serving` takes it.
public struct RequestRate: Sendable, Codable, Equatable, CustomStringConvertible {
    /// Requests per second; `.infinity` sends all at once.
    public let perSecond: Double

    /// A rate of `perSecond` requests per second (positive, or `.infinity`).
    public init?(perSecond: Double) {
        guard perSecond > 0, !perSecond.isNaN else { return nil }
        self.perSecond = perSecond
    }

    /// The rate as the option writes it: `2`, `0.5`, `inf`; nil when it is not one.
    public init?(_ text: some StringProtocol) {
        if text == "inf" { self.init(perSecond: .infinity); return }
        guard let value = Double(text), value.isFinite, value <= 100_000 else { return nil }
        self.init(perSecond: value)
    }

    /// Whether every request is sent at once.
    public var isInfinite: Bool { perSecond.isInfinite }

    /// `2`, `0.5`, `inf`: as the option takes it (and as run.json and requests.csv keep it).
    public var description: String {
        if isInfinite { return "inf" }
        return perSecond == perSecond.rounded() && perSecond < 1e15 ? String(Int(perSecond)) : String(perSecond)
    }

    /// Reads the text form (`"2"`, `"inf"`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let rate = RequestRate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a request rate: \(text)")
        }
        self = rate
    }

    /// Writes the text form, so `inf` survives JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
