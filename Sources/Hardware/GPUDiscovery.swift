import FanControl

/// Finds amdgpu cards under a root, by PCI slot, never by `cardN` or `hwmonN`.
public struct GPUDiscovery: Sendable {
    /// The root searched.
    public let root: SysfsRoot

    /// Creates a discovery over `root`.
    public init(root: SysfsRoot) { self.root = root }

    /// Every AMD GPU found through `class/drm/card*` and `bus/pci/devices`, ordered by PCI slot.
    public func scan() -> [GPUDevice] {
        var devicePaths: [String: String?] = [:]   // resolved device path -> card name
        let drm = root.sys("class/drm")
        for name in root.entries(drm) where isCardName(name) {
            if let device = root.resolve(drm + "/" + name + "/device") { devicePaths[device] = name }
        }
        let pci = root.sys("bus/pci/devices")
        for name in root.entries(pci) {
            guard let device = root.resolve(pci + "/" + name), devicePaths[device] == nil else { continue }
            if root.readLine(device + "/vendor") == "0x1002", (root.readLine(device + "/class") ?? "").hasPrefix("0x03") {
                devicePaths[device] = .some(nil)
            }
        }
        return devicePaths.compactMap { device(at: $0.key, card: $0.value) }.sorted { $0.pciSlot < $1.pciSlot }
    }

    /// The card `match` names among `devices`, or an error that says what to do.
    public static func find(_ match: GPUMatch, in devices: [GPUDevice]) -> Result<GPUDevice, DiscoveryError> {
        switch match {
        case .pciSlot(let slot):
            if let device = devices.first(where: { $0.pciSlot == slot }) { return .success(device) }
        case .pciID(let vendor, let device, let index):
            let candidates = devices.filter { $0.vendorID == vendor && $0.deviceID == device }
            if index < candidates.count { return .success(candidates[index]) }
        }
        return .failure(.noGPU(match, found: devices.map(\.pciSlot)))
    }

    private func isCardName(_ name: String) -> Bool {
        name.hasPrefix("card") && name.count > 4 && name.dropFirst(4).allSatisfy(\.isNumber)
    }

    private func device(at path: String, card: String?) -> GPUDevice? {
        let uevent = root.readText(path + "/uevent").map(Self.parseUevent).get(or: [:])
        let driver = uevent["DRIVER"]
        guard let vendor = hexValue(root.readLine(path + "/vendor")) ?? uevent["PCI_ID"].flatMap({ parsePCIID($0)?.0 }),
              vendor == 0x1002 else { return nil }
        guard driver == nil || driver == "amdgpu" else { return nil }
        let deviceID = hexValue(root.readLine(path + "/device")) ?? uevent["PCI_ID"].flatMap { parsePCIID($0)?.1 } ?? 0
        let slot = uevent["PCI_SLOT_NAME"].flatMap(normalizePCISlot) ?? normalizePCISlot(SysfsRoot.lastComponent(path)) ?? SysfsRoot.lastComponent(path)
        let hwmon = root.entries(path + "/hwmon").lazy.map { path + "/hwmon/" + $0 }
            .first { root.readLine($0 + "/name") == "amdgpu" }
        let model = root.readLine(path + "/product_name").flatMap { $0.isEmpty ? nil : $0 } ?? PCIModels.name(device: deviceID)
        return GPUDevice(pciSlot: slot, vendorID: vendor, deviceID: deviceID, model: model, devicePath: path,
                         cardName: card, hwmonPath: hwmon, driver: driver,
                         temperatures: hwmon.map { TemperatureChannels.scan($0, root: root) } ?? [])
    }

    /// `KEY=VALUE` lines of a uevent file.
    static func parseUevent(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return result
    }

    private func hexValue(_ text: String?) -> UInt16? {
        guard let text else { return nil }
        return UInt16(text.hasPrefix("0x") ? String(text.dropFirst(2)) : text, radix: 16)
    }
}

/// Reads the temperature channels of an hwmon directory.
enum TemperatureChannels {
    static func scan(_ hwmon: String, root: SysfsRoot) -> [TemperatureChannel] {
        root.entries(hwmon).compactMap { name -> TemperatureChannel? in
            guard name.hasPrefix("temp"), name.hasSuffix("_input"),
                  let index = Int(name.dropFirst(4).dropLast(6)) else { return nil }
            let prefix = hwmon + "/temp\(index)"
            let label = root.readLine(prefix + "_label") ?? "temp\(index)"
            let limit = { (suffix: String) -> Temperature? in
                guard case .success(let milli) = root.readInteger(prefix + suffix), milli > -273_000 else { return nil }
                return Temperature(millidegrees: milli)
            }
            return TemperatureChannel(index: index, label: label, inputPath: prefix + "_input",
                                      critical: limit("_crit"), emergency: limit("_emergency"))
        }
    }
}

extension Result {
    func get(or fallback: Success) -> Success {
        if case .success(let value) = self { return value }
        return fallback
    }
}
