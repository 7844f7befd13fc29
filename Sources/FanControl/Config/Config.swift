/// The daemon's configuration, as decoded from `/etc/mi50fan/config.yaml`.
public struct Config: Sendable {
    /// The format version (1).
    public var version: Int
    /// How often the loop ticks.
    public var interval: TimeSpan
    /// Where named curves are looked up (default: `curves/` beside the config file).
    public var curvesDirectory: String?
    /// Where the daemon writes its status for the CLI.
    public var statusFile: String
    /// Where the Prometheus textfile goes (`nil`: no metrics file).
    public var metricsDirectory: String?
    /// The cards, by stable identity.
    public var gpus: [GPUConfig]
    /// The fans.
    public var fans: [FanConfig]

    /// Default tick interval.
    public static let defaultInterval = TimeSpan(seconds: 1)
    /// Default status file.
    public static let defaultStatusFile = "/run/mi50fan/status.json"

    /// Creates a config.
    public init(
        version: Int = 1, interval: TimeSpan = Config.defaultInterval, curvesDirectory: String? = nil,
        statusFile: String = Config.defaultStatusFile, metricsDirectory: String? = nil,
        gpus: [GPUConfig], fans: [FanConfig]
    ) {
        self.version = version
        self.interval = interval
        self.curvesDirectory = curvesDirectory
        self.statusFile = statusFile
        self.metricsDirectory = metricsDirectory
        self.gpus = gpus
        self.fans = fans
    }

    /// The names of every curve file the fans refer to.
    public var namedCurves: [(name: String, location: SourceLocation)] {
        var seen: [String] = []
        var result: [(String, SourceLocation)] = []
        for fan in fans {
            for reference in [fan.curve].compactMap({ $0 }) + fan.inputs.compactMap(\.curve) {
                if case .named(let name, let location) = reference, !seen.contains(name) {
                    seen.append(name)
                    result.append((name, location))
                }
            }
        }
        return result
    }
}

/// A GPU the config refers to.
public struct GPUConfig: Sendable, Hashable {
    /// The name sensors are written under (`mi50` in `mi50.junction`).
    public var name: String
    /// How the card is found.
    public var match: GPUMatch
    /// Where it was configured.
    public var location: SourceLocation

    /// Creates a GPU entry.
    public init(name: String, match: GPUMatch, location: SourceLocation) {
        self.name = name
        self.match = match
        self.location = location
    }
}

/// How a GPU is found: never by `cardN` or `hwmonN`, which change across boots.
public enum GPUMatch: Sendable, Hashable, CustomStringConvertible {
    /// By PCI slot, like `0000:03:00.0`.
    case pciSlot(String)
    /// By PCI vendor and device id, like `1002:66a1`; `index` picks among several such cards,
    /// ordered by slot.
    case pciID(vendor: UInt16, device: UInt16, index: Int)

    public var description: String {
        switch self {
        case .pciSlot(let slot): return "PCI slot \(slot)"
        case .pciID(let vendor, let device, let index):
            return "PCI id \(hex4(vendor)):\(hex4(device))" + (index > 0 ? " #\(index)" : "")
        }
    }
}

/// Four lowercase hex digits.
public func hex4(_ value: UInt16) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}

/// A curve given by name (a file in the curves directory) or inline.
public enum CurveReference: Sendable {
    /// `curves/NAME.yaml`.
    case named(String, SourceLocation)
    /// Written out in the config.
    case inline(FanCurve)
}
