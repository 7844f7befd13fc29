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
}
