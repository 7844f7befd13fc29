import FanControl

/// A temperature file of the virtual card.
public enum SimulatedSensor: String, Sendable, Hashable, CaseIterable {
    case edge, junction, mem

    /// N of `tempN_input`.
    public var index: Int {
        switch self {
        case .edge: return 1
        case .junction: return 2
        case .mem: return 3
        }
    }
}

/// Something going wrong on the virtual machine, for tests and demos.
public enum SimulatedFault: Sendable, Hashable {
    /// The temperature file disappears (driver unbinding, device gone).
    case sensorVanishes(SimulatedSensor)
    /// The file reads empty (amdgpu's answer to some errors).
    case sensorEmpty(SimulatedSensor)
    /// The value stops changing (a hung SMU).
    case sensorFrozen(SimulatedSensor)
    /// The value jumps by this many degrees.
    case sensorJumps(SimulatedSensor, Double)
    /// The board's firmware takes the fan header back (`pwm_enable` -> automatic), as after resume.
    case firmwareTakesPWM
    /// A GPU reset renumbers the card's hwmon directory.
    case hwmonRenumbers
    /// The Super I/O driver is reloaded: the fan header's hwmon directory is renumbered.
    case chipRenumbers
    /// The fan stalls: no airflow, tach reads 0.
    case fanStalls

    /// Parses `junction-vanishes`, `mem-empty`, `edge-frozen`, `junction-jumps`,
    /// `firmware-takes-pwm`, `hwmon-renumbers`, `chip-renumbers`, `fan-stalls`.
    public static func named(_ name: String) -> SimulatedFault? {
        switch name {
        case "firmware-takes-pwm": return .firmwareTakesPWM
        case "hwmon-renumbers": return .hwmonRenumbers
        case "chip-renumbers": return .chipRenumbers
        case "fan-stalls": return .fanStalls
        default: break
        }
        let parts = name.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2, let sensor = SimulatedSensor(rawValue: parts[0]) else { return nil }
        switch parts[1] {
        case "vanishes": return .sensorVanishes(sensor)
        case "empty": return .sensorEmpty(sensor)
        case "frozen": return .sensorFrozen(sensor)
        case "jumps": return .sensorJumps(sensor, 40)
        default: return nil
        }
    }
}

/// A fault active from `start` until `end` (seconds of simulated time; nil: to the end).
/// One-shot faults (firmware taking the header, renumbering) happen once at `start`.
public struct ScheduledFault: Sendable, Hashable {
    /// The fault.
    public var fault: SimulatedFault
    /// When it starts.
    public var start: Double
    /// When it ends.
    public var end: Double?

    /// Creates a scheduled fault.
    public init(_ fault: SimulatedFault, start: Double, end: Double? = nil) {
        self.fault = fault
        self.start = start
        self.end = end
    }

    /// Whether it is active at `time`.
    public func isActive(at time: Double) -> Bool { time >= start && (end.map { time < $0 } ?? true) }

    /// Parses `KIND@START` or `KIND@START-END`, times like `300`, `300s`, `5m`.
    public static func parse(_ text: String) -> ScheduledFault? {
        let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2, let fault = SimulatedFault.named(parts[0]) else { return nil }
        let times = parts[1].split(separator: "-", maxSplits: 1).map(String.init)
        guard let start = seconds(times[0]) else { return nil }
        let end = times.count == 2 ? seconds(times[1]) : nil
        if times.count == 2 && (end == nil || end! <= start) { return nil }
        return ScheduledFault(fault, start: start, end: end)
    }

    static func seconds(_ text: String) -> Double? { UnitParsing.timeSpan(text)?.seconds }
}
