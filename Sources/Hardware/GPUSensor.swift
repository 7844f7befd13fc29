import FanControl

/// The sensors a GPU offers to the controller, as named in the config (`mi50.junction`).
public enum GPUSensor: String, Sendable, Hashable, CaseIterable {
    /// Edge temperature (°C, `temp1` labelled `edge`).
    case edge
    /// Junction / hotspot temperature (°C, `temp2` labelled `junction`).
    case junction
    /// HBM temperature (°C, `temp3` labelled `mem`).
    case mem
    /// Board power (W, `power1_average` or `power1_input`).
    case power
    /// GPU busy (%, `gpu_busy_percent`).
    case busy

    /// What it measures.
    public var kind: SensorKind {
        switch self {
        case .edge, .junction, .mem: return .temperature
        case .power: return .power
        case .busy: return .busy
        }
    }

    /// The file that holds the value for `gpu`, or nil when the card has none.
    public func path(on gpu: GPUDevice, root: SysfsRoot) -> String? {
        switch self {
        case .edge, .junction, .mem:
            return gpu.temperature(rawValue)?.inputPath
        case .power:
            guard let hwmon = gpu.hwmonPath else { return nil }
            // Kernels >= 6.6 hide power1_average on most firmware; older ones lack power1_input.
            let average = hwmon + "/power1_average", input = hwmon + "/power1_input"
            return root.exists(average) ? average : input
        case .busy:
            return gpu.devicePath + "/gpu_busy_percent"
        }
    }

    /// Converts the raw file value into the sensor's unit.
    public func convert(_ raw: Int) -> Double {
        switch self {
        case .edge, .junction, .mem: return Double(raw) / 1000
        case .power: return Double(raw) / 1_000_000
        case .busy: return Double(raw)
        }
    }
}

/// Reads GPU sensors straight from sysfs: the hot path, and the fallback when libsensors is
/// absent or misconfigured. Failures come back as faults with their cause, never as 0.
public struct SysfsSensorReader: Sendable {
    /// The root read from.
    public let root: SysfsRoot

    /// Creates a reader.
    public init(root: SysfsRoot) { self.root = root }

    /// Reads `sensor` of `gpu`.
    public func read(_ sensor: GPUSensor, of gpu: GPUDevice) -> Result<Double, SensorFault> {
        guard let path = sensor.path(on: gpu, root: root) else { return .failure(.missing) }
        return read(sensor, at: path)
    }

    /// Reads `sensor` from a known file.
    public func read(_ sensor: GPUSensor, at path: String) -> Result<Double, SensorFault> {
        Self.value(sensor, from: root.readInteger(path))
    }

    /// Reads `sensor` through a kept-open handle (the control loop's hot path; the handle
    /// already knows its file, so no root is needed).
    public static func read(_ sensor: GPUSensor, through handle: AttributeHandle) -> Result<Double, SensorFault> {
        value(sensor, from: handle.readInteger())
    }

    private static func value(_ sensor: GPUSensor, from raw: Result<Int, SysfsError>) -> Result<Double, SensorFault> {
        switch raw {
        case .failure(let error): return .failure(error.fault)
        case .success(let raw):
            let value = sensor.convert(raw)
            if sensor.kind == .temperature && !Temperature(celsius: value).isPlausibleForGPU { return .failure(.implausible(value)) }
            return .success(value)
        }
    }
}
