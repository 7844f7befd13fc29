/// A period during which a card throttled.
public struct ThrottleEpisode: Sendable, Codable, Equatable {
    /// The card.
    public var card: String
    /// Start and end, seconds since the run started (end: the first sample without throttling).
    public var start: Double, end: Double
    /// Why: `junction`, `edge`, `hbm`, `vr`, `thermal-other`, `power`, `current`, `other`.
    public var reasons: [String]
    /// True when the card did not report throttling and it was inferred from clocks and limits.
    public var inferred: Bool
    /// The hottest junction during the episode.
    public var peakJunction: Double?

    /// Its length in seconds.
    public var duration: Double { end - start }
    /// Whether any reason is thermal.
    public var isThermal: Bool { reasons.contains { ["junction", "edge", "hbm", "vr", "thermal-other"].contains($0) } }
}

/// Turns samples into throttle episodes: from the card's own `throttle_status` where it
/// reports one, otherwise inferred (sclk well below its top level while busy, at a
/// temperature or power limit) and marked as inferred.
public struct ThrottleDetector: Sendable {
    private var open: [String: ThrottleEpisode] = [:]
    /// Finished episodes, in order of their end.
    public private(set) var episodes: [ThrottleEpisode] = []

    /// Creates a detector.
    public init() {}

    /// The reasons a card throttles in `sample`, and whether they were inferred.
    public static func reasons(_ card: CardSample) -> (reasons: [String], inferred: Bool) {
        if card.throttleReported { return (card.throttle, false) }
        guard let busy = card.busy, busy >= 50, let sclk = card.sclk, let top = card.sclkMaxMHz, sclk < top * 0.9 else { return ([], true) }
        var reasons: [String] = []
        if let junction = card.junction, let critical = card.junctionCritical, junction >= critical - 10 { reasons.append("junction") }
        if let power = card.power, let cap = card.powerCap, power >= cap * 0.97 { reasons.append("power") }
        return (reasons, true)
    }

    /// Feeds one sample.
    public mutating func feed(_ sample: TelemetrySample) {
        for card in sample.cards {
            let (reasons, inferred) = Self.reasons(card)
            if reasons.isEmpty {
                if var episode = open.removeValue(forKey: card.name) {
                    episode.end = sample.time
                    episodes.append(episode)
                }
                continue
            }
            var episode = open[card.name] ?? ThrottleEpisode(card: card.name, start: sample.time, end: sample.time, reasons: [],
                                                             inferred: inferred, peakJunction: nil)
            for reason in reasons where !episode.reasons.contains(reason) { episode.reasons.append(reason) }
            episode.end = sample.time
            if let junction = card.junction { episode.peakJunction = max(episode.peakJunction ?? junction, junction) }
            open[card.name] = episode
        }
    }

    /// Closes open episodes at `time` (the end of the run) and returns every episode.
    public mutating func finish(at time: Double) -> [ThrottleEpisode] {
        for (_, var episode) in open.sorted(by: { $0.key < $1.key }) {
            episode.end = time
            episodes.append(episode)
        }
        open = [:]
        return episodes.sorted { ($0.start, $0.card) < ($1.start, $1.card) }
    }
}
