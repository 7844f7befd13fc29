/// An hwmon chip: a motherboard Super I/O chip with PWM headers, or a GPU's own hwmon.
public struct HwmonChip: Sendable, Hashable {
    /// The chip's `name` (`nct6798`, `it8688`, `amdgpu`).
    public var name: String
    /// The hwmon directory (links resolved).
    public var path: String
    /// The device below `/sys/devices` (`platform/nct6775.656`), the stable part of its identity.
    public var device: String?
    /// N of every `pwmN`.
    public var pwmChannels: [Int]
    /// N of every `fanN_input`.
    public var fanInputs: [Int]

    /// The hwmon directory's own name (`hwmon2`): informational only.
    public var hwmonName: String { SysfsRoot.lastComponent(path) }

    /// `name (device)`.
    public var identity: String { device.map { "\(name) (\($0))" } ?? name }

    /// Whether this is an amdgpu hwmon (whose `pwm1` on a passive card drives nothing).
    public var isGPU: Bool { name == "amdgpu" }
}

/// Finds hwmon chips under a root.
public struct HwmonDiscovery: Sendable {
    /// The root searched.
    public let root: SysfsRoot

    /// Creates a discovery over `root`.
    public init(root: SysfsRoot) { self.root = root }

    /// Every hwmon chip, in hwmon order.
    public func scan() -> [HwmonChip] {
        let classDirectory = root.sys("class/hwmon")
        let devices = root.sys("devices") + "/"
        let resolvedDevices = root.resolve(root.sys("devices")).map { $0 + "/" } ?? devices
        return root.entries(classDirectory).compactMap { entry in
            guard let path = root.resolve(classDirectory + "/" + entry), let name = root.readLine(path + "/name") else { return nil }
            var device = root.resolve(path + "/device")
            if let resolved = device {
                if resolved.hasPrefix(resolvedDevices) { device = String(resolved.dropFirst(resolvedDevices.count)) }
                else if resolved.hasPrefix(devices) { device = String(resolved.dropFirst(devices.count)) }
            }
            let files = root.entries(path)
            let pwms = files.compactMap { file -> Int? in
                guard file.hasPrefix("pwm"), let n = Int(file.dropFirst(3)) else { return nil }
                return n
            }.sorted()
            let fans = files.compactMap { file -> Int? in
                guard file.hasPrefix("fan"), file.hasSuffix("_input"), let n = Int(file.dropFirst(3).dropLast(6)) else { return nil }
                return n
            }.sorted()
            return HwmonChip(name: name, path: path, device: device, pwmChannels: pwms, fanInputs: fans)
        }
    }

    /// The chip called `name` (at `device`, when given). Never an amdgpu chip for an output.
    public static func find(name: String, device: String?, in chips: [HwmonChip]) -> Result<HwmonChip, DiscoveryError> {
        let matches = chips.filter { chip in
            chip.name == name && (device == nil || chip.device == device || (chip.device?.hasSuffix("/" + device!) ?? false))
        }
        if let chip = matches.first { return .success(chip) }
        return .failure(.noChip(name: name, device: device, found: chips.filter { !$0.isGPU && !$0.pwmChannels.isEmpty }.map(\.identity)))
    }
}
