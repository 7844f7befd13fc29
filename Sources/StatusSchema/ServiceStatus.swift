/// What the daemon writes to its status file for `mi50fan status` and other tools.
public struct ServiceStatus: Codable, Sendable, Equatable {
    /// A card's state.
    public struct Card: Codable, Sendable, Equatable {
        public var name: String
        public var pciSlot: String?
        /// Sensor values by name (`junction`: 78); absent when unknown.
        public var temperatures: [String: Double]
        /// Why a sensor is unknown, by name.
        public var faults: [String: String]
        /// Critical and emergency limits by sensor name.
        public var critical: [String: Double]
        public var emergency: [String: Double]
        public var powerWatts: Double?
        public var powerCapWatts: Double?
        public var sclkMHz: Double?
        public var mclkMHz: Double?
        public var busyPercent: Double?
        public var vramUsedBytes: Int?
        public var vramTotalBytes: Int?
        /// Throttle reasons the card reports now (`junction`, `power`, ...).
        public var throttle: [String]

        /// Creates a value.
        public init(name: String, pciSlot: String?, temperatures: [String: Double], faults: [String: String], critical: [String: Double], emergency: [String: Double], powerWatts: Double?, powerCapWatts: Double?, sclkMHz: Double?, mclkMHz: Double?, busyPercent: Double?, vramUsedBytes: Int?, vramTotalBytes: Int?, throttle: [String]) {
            self.name = name
            self.pciSlot = pciSlot
            self.temperatures = temperatures
            self.faults = faults
            self.critical = critical
            self.emergency = emergency
            self.powerWatts = powerWatts
            self.powerCapWatts = powerCapWatts
            self.sclkMHz = sclkMHz
            self.mclkMHz = mclkMHz
            self.busyPercent = busyPercent
            self.vramUsedBytes = vramUsedBytes
            self.vramTotalBytes = vramTotalBytes
            self.throttle = throttle
        }
    }

    /// A fan's state.
    public struct Fan: Codable, Sendable, Equatable {
        public var name: String
        public var output: String?
        public var dutyPercent: Double
        public var rpm: Int?
        /// `curve`, `fail-safe`, `critical`, `stopped`, or `no output`.
        public var mode: String
        public var curve: String?
        public var why: String
        public var stalled: Bool
        public var error: String?

        /// Creates a value.
        public init(name: String, output: String?, dutyPercent: Double, rpm: Int?, mode: String, curve: String?, why: String, stalled: Bool, error: String?) {
            self.name = name
            self.output = output
            self.dutyPercent = dutyPercent
            self.rpm = rpm
            self.mode = mode
            self.curve = curve
            self.why = why
            self.stalled = stalled
            self.error = error
        }

        /// The mode as `status` and `watch` show it: a stalled fan says so whatever its mode
        /// (`fail-safe STALLED`).
        public var modeText: String { stalled ? mode + " STALLED" : mode }

        /// Why the fan is in fail-safe, without the explanation's own `fail-safe:` prefix.
        public var failSafeReason: String {
            why.hasPrefix("fail-safe: ") ? String(why.dropFirst("fail-safe: ".count)) : why
        }
    }

    /// Format version of this file.
    public var format = 1
    public var pid: Int32
    /// Wall-clock start time, seconds since 1970.
    public var started: Double
    public var config: String
    public var intervalSeconds: Double
    public var cards: [Card]
    public var fans: [Fan]
    /// Every current fault, one line each.
    public var faults: [String]
    /// Set when the last reload failed (the previous config keeps running).
    public var reloadError: String?
    /// Fail-safe periods entered since start, per fan.
    public var failSafeEvents: [String: Int]

    /// Creates a value.
    public init(pid: Int32, started: Double, config: String, intervalSeconds: Double, cards: [Card], fans: [Fan], faults: [String], reloadError: String?, failSafeEvents: [String: Int]) {
        self.pid = pid
        self.started = started
        self.config = config
        self.intervalSeconds = intervalSeconds
        self.cards = cards
        self.fans = fans
        self.faults = faults
        self.reloadError = reloadError
        self.failSafeEvents = failSafeEvents
    }
}
