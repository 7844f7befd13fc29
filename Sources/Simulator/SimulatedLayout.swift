/// Where the virtual machine's devices live in its sysfs tree: the same shapes a real MI50
/// and a real nct6775-family Super I/O chip present.
///
/// A machine of several cards gives each its own layout (``init(root:card:of:)``): its own PCI
/// slot, DRM card and hwmon directory, and its own header on the one Super I/O chip.
public struct SimulatedLayout: Sendable, Hashable {
    /// The first MI50's PCI slot.
    public static let pciSlot = "0000:44:00.0"
    /// The first MI50's PCI device directory below `sys/`.
    public static let gpuDevice = "devices/pci0000:40/0000:40:03.1/0000:44:00.0"
    /// The Super I/O chip's platform device below `sys/`.
    public static let superIODevice = "devices/platform/nct6775.656"
    /// The Super I/O chip's hwmon name.
    public static let chipName = "nct6798"
    /// The header and tach the first card's fan is on.
    public static let fanHeader = 2
    /// The most cards a virtual machine holds.
    public static let maximumCards = 8

    /// The root directory.
    public let root: String
    /// The GPU's hwmon directory name (changes when the card "resets").
    public var gpuHwmon = "hwmon1"
    /// The Super I/O chip's hwmon directory name.
    public var chipHwmon = "hwmon2"
    /// Which card of the machine this is, from 0.
    public let cardIndex: Int
    /// This card's PCI slot.
    public let slot: String
    /// This card's PCI device directory below `sys/`.
    public let gpuDeviceDirectory: String
    /// This card's DRM card directory name.
    public let drmCard: String
    /// The header and tach this card's fan is on.
    public let header: Int
    /// How many PWM headers the Super I/O chip has (header 1 is the CPU fan's).
    public let chipHeaders: Int

    /// Creates the layout of a machine's only card under `root`.
    public init(root: String) { self.init(root: root, card: 0, of: 1) }

    /// Creates the layout of card `index` (from 0) of a machine with `count` cards under `root`.
    /// Card 0 is where a one-card machine has its card; card N sits on PCI bus 0x44 + 0x10 N
    /// (in slot order) with its fan on header N + 2.
    public init(root: String, card index: Int, of count: Int) {
        precondition(index >= 0 && index < count && count <= Self.maximumCards, "card \(index) of \(count)")
        self.root = root
        cardIndex = index
        header = Self.fanHeader + index
        chipHeaders = max(3, count + 1)
        drmCard = "card\(index + 1)"
        if index == 0 {
            slot = Self.pciSlot
            gpuDeviceDirectory = Self.gpuDevice
        } else {
            let bus = 0x44 + 0x10 * index
            let complex = bus & 0xe0
            slot = "0000:" + Self.hex2(bus) + ":00.0"
            gpuDeviceDirectory = "devices/pci0000:\(Self.hex2(complex))/0000:\(Self.hex2(complex)):0\(3 + index % 2).1/" + slot
            gpuHwmon = "hwmon\(10 + index)"
        }
    }

    private static func hex2(_ value: Int) -> String {
        let digits = String(value, radix: 16)
        return digits.count < 2 ? "0" + digits : digits
    }

    /// `ROOT/sys/<relative>`.
    public func sys(_ relative: String) -> String { root + "/sys/" + relative }
    /// The GPU's PCI device directory.
    public var gpuPath: String { sys(gpuDeviceDirectory) }
    /// The GPU's hwmon directory.
    public var gpuHwmonPath: String { gpuPath + "/hwmon/" + gpuHwmon }
    /// The Super I/O chip's hwmon directory.
    public var chipPath: String { sys(Self.superIODevice + "/hwmon/" + chipHwmon) }
}
