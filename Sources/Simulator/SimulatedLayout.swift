/// Where the virtual machine's devices live in its sysfs tree: the same shapes a real MI50
/// and a real nct6775-family Super I/O chip present.
public struct SimulatedLayout: Sendable, Hashable {
    /// The MI50's PCI slot.
    public static let pciSlot = "0000:44:00.0"
    /// The PCI device directory below `sys/`.
    public static let gpuDevice = "devices/pci0000:40/0000:40:03.1/0000:44:00.0"
    /// The Super I/O chip's platform device below `sys/`.
    public static let superIODevice = "devices/platform/nct6775.656"
    /// The Super I/O chip's hwmon name.
    public static let chipName = "nct6798"
    /// The header and tach the GPU fan is on.
    public static let fanHeader = 2

    /// The root directory.
    public let root: String
    /// The GPU's hwmon directory name (changes when the card "resets").
    public var gpuHwmon = "hwmon1"
    /// The Super I/O chip's hwmon directory name.
    public var chipHwmon = "hwmon2"

    /// Creates a layout under `root`.
    public init(root: String) { self.root = root }

    /// `ROOT/sys/<relative>`.
    public func sys(_ relative: String) -> String { root + "/sys/" + relative }
    /// The GPU's PCI device directory.
    public var gpuPath: String { sys(Self.gpuDevice) }
    /// The GPU's hwmon directory.
    public var gpuHwmonPath: String { gpuPath + "/hwmon/" + gpuHwmon }
    /// The Super I/O chip's hwmon directory.
    public var chipPath: String { sys(Self.superIODevice + "/hwmon/" + chipHwmon) }
}
