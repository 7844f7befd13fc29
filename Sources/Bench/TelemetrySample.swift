/// One moment of every card and fan, as the sampler saw it.
public struct TelemetrySample: Sendable, Codable, Equatable {
    /// Seconds since the run started (monotonic).
    public var time: Double
    /// The cards.
    public var cards: [CardSample]
    /// The fans.
    public var fans: [FanSample]

    /// Creates a sample.
    public init(time: Double, cards: [CardSample], fans: [FanSample]) {
        self.time = time
        self.cards = cards
        self.fans = fans
    }
}

/// One card at one moment; unknown values are nil, never zero.
public struct CardSample: Sendable, Codable, Equatable {
    public var name: String
    public var edge: Double?, junction: Double?, mem: Double?
    public var power: Double?, powerCap: Double?
    public var sclk: Double?, mclk: Double?
    /// The `pp_dpm_sclk` level marked current, and the top level's clock.
    public var sclkLevel: Int?, sclkMaxMHz: Double?
    public var busy: Double?
    public var vramUsed: Int?
    /// Throttle reasons the card reports (`gpu_metrics`); empty when none or unknown.
    public var throttle: [String]
    /// Whether the card reports throttle status at all (else episodes are inferred).
    public var throttleReported: Bool
    /// The junction limit the card reports (`temp2_crit`), for inference.
    public var junctionCritical: Double?

    /// Creates a card sample with nothing known.
    public init(name: String) {
        self.name = name
        throttle = []
        throttleReported = false
    }
}

/// One fan at one moment.
public struct FanSample: Sendable, Codable, Equatable {
    public var name: String
    /// Duty in percent, if known.
    public var duty: Double?
    /// Speed, if a tach is configured.
    public var rpm: Int?

    /// Creates a fan sample.
    public init(name: String, duty: Double?, rpm: Int?) {
        self.name = name
        self.duty = duty
        self.rpm = rpm
    }
}
