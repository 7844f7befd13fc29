import FanControl

/// An amdgpu card as discovery found it, named by its PCI slot.
public struct GPUDevice: Sendable, Hashable {
    /// PCI slot, like `0000:44:00.0`: the stable name.
    public var pciSlot: String
    /// PCI vendor id (0x1002 for AMD).
    public var vendorID: UInt16
    /// PCI device id (0x66a1 for the MI50).
    public var deviceID: UInt16
    /// A human name for the model.
    public var model: String
    /// The PCI device directory (links resolved).
    public var devicePath: String
    /// The DRM card name (`card1`): informational only, it changes across boots.
    public var cardName: String?
    /// The amdgpu hwmon directory (links resolved), if the driver registered one.
    public var hwmonPath: String?
    /// The bound driver.
    public var driver: String?
    /// The temperature channels by label (`edge`, `junction`, `mem`).
    public var temperatures: [TemperatureChannel]

    /// `1002:66a1`.
    public var pciID: String { "\(hex4(vendorID)):\(hex4(deviceID))" }

    /// Whether the card is a Vega20 (MI50, MI60, Radeon VII).
    public var isVega20: Bool { vendorID == 0x1002 && PCIModels.vega20.contains(deviceID) }

    /// Whether this is a passive Instinct card (MI25, MI50, MI60, MI100), whose own
    /// `pwm1`/`fan1` drive nothing.
    public var isPassiveInstinct: Bool { vendorID == 0x1002 && [0x66a0, 0x66a1, 0x6860, 0x738c].contains(deviceID) }

    /// The hwmon directory's own name (`hwmon1`): informational only.
    public var hwmonName: String? { hwmonPath.map(SysfsRoot.lastComponent) }

    /// The channel labelled `label`.
    public func temperature(_ label: String) -> TemperatureChannel? { temperatures.first { $0.label == label } }
}

/// One hwmon temperature channel: `tempN_input` with its label and limits.
public struct TemperatureChannel: Sendable, Hashable {
    /// N in `tempN_input`.
    public var index: Int
    /// The label (`edge`, `junction`, `mem`), or `tempN` without one.
    public var label: String
    /// The `tempN_input` path.
    public var inputPath: String
    /// `tempN_crit`, if the card reports it.
    public var critical: Temperature?
    /// `tempN_emergency`, if the card reports it.
    public var emergency: Temperature?
}

/// Names for the PCI ids of the cards this program is for.
public enum PCIModels {
    /// Vega20 device ids (kernel `amdgpu_drv.c`).
    public static let vega20: Set<UInt16> = [0x66a0, 0x66a1, 0x66a2, 0x66a3, 0x66a4, 0x66a7, 0x66af]

    /// The model name for an AMD device id.
    public static func name(device: UInt16) -> String {
        switch device {
        case 0x66a1: return "AMD Instinct MI50/MI60 (Vega20)"
        case 0x66a0: return "AMD Radeon Instinct (Vega20)"
        case 0x66af: return "AMD Radeon VII / MI50 16GB (Vega20)"
        case 0x66a2, 0x66a3, 0x66a4, 0x66a7: return "AMD Vega20"
        case 0x6860: return "AMD Instinct MI25 (Vega10)"
        case 0x687f: return "AMD Radeon RX Vega 56/64 (Vega10)"
        case 0x738c: return "AMD Instinct MI100 (Arcturus)"
        default: return "AMD GPU \(hex4(device))"
        }
    }
}
