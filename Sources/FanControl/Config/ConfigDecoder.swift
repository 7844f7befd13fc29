/// Decodes and validates a config document, reporting every problem at once.
public enum ConfigDecoder {
    /// The keys that make a document a config rather than a curve.
    public static let distinguishingKeys = ["fans", "gpus", "version"]

    /// The sensors each GPU offers, as written after the GPU's name (`mi50.junction`).
    public static let gpuSensors: [(name: String, kind: SensorKind)] = [
        ("edge", .temperature), ("junction", .temperature), ("mem", .temperature),
        ("power", .power), ("busy", .busy),
    ]

    /// Decodes `node`; named curves are only referenced here (``Config/namedCurves``).
    public static func decode(_ node: ConfigNode) -> Result<Config, ConfigProblems> {
        let log = ProblemLog()
        let config = decode(node, log: log)
        if let config, log.isEmpty { return .success(config) }
        return .failure(ConfigProblems(log.problems))
    }

    static func decode(_ node: ConfigNode, log: ProblemLog) -> Config? {
        guard var map = MappingReader(node, context: "the config", log: log) else { return nil }
        let versionNode = map.required("version", fix: "add `version: 1` at the top")
        var version: Int?
        if let versionNode, let text = log.text(versionNode, "version") {
            if text.trimmingSpaces() == "1" { version = 1 } else {
                log.add(versionNode.location, "version `\(text)` is not a config version this mi50fan reads",
                        fix: "write `version: 1`")
            }
        }
        var interval = Config.defaultInterval
        if let node = map.value("interval"), let value = log.timeSpan(node, "interval") {
            if value.seconds < 0.05 || value.seconds > 60 {
                log.add(node.location, "interval \(value) is outside 50ms...60s", fix: "use `1s` (the default) or `100ms` for a fast loop")
            } else {
                interval = value
            }
        }
        let curvesDirectory = log.text(map.value("curves_dir"), "curves_dir")
        let statusFile = log.text(map.value("status_file"), "status_file") ?? Config.defaultStatusFile
        let metricsDirectory = log.text(map.value("metrics_dir"), "metrics_dir")
        var gpuNames: [String] = []
        let gpus = decodeGPUs(names: &gpuNames, map.required("gpus", fix: "list the cards under `gpus:`, e.g. `- {name: mi50, pci_id: \"1002:66a1\"}`"), log: log)
        let fansNode = map.required("fans", fix: "list the fans under `fans:`")
        map.finish()
        var fans: [FanConfig] = []
        if let items = log.sequence(fansNode, "fans") {
            if items.isEmpty, let fansNode { log.add(fansNode.location, "no fans configured", fix: "add at least one fan") }
            // GPUs with a broken entry still lend their names, so one mistake is reported once.
            let sensorNames = Dictionary(gpuNames.flatMap { gpu in
                gpuSensors.map { ("\(gpu).\($0.name)", $0.kind) }
            }, uniquingKeysWith: { first, _ in first })
            let decoder = FanConfigDecoder(log: log, sensors: sensorNames)
            fans = items.enumerated().compactMap { decoder.decode($1, index: $0) }
        }
        checkUnique(fans.map { ($0.name, $0.location) }, what: "fan", log: log)
        checkUnique(fans.map { ($0.output.description, $0.location) }, what: "output", log: log)
        guard let version else { return nil }
        return Config(version: version, interval: interval, curvesDirectory: curvesDirectory,
                      statusFile: statusFile, metricsDirectory: metricsDirectory, gpus: gpus, fans: fans)
    }

    private static func decodeGPUs(names: inout [String], _ node: ConfigNode?, log: ProblemLog) -> [GPUConfig] {
        guard let items = log.sequence(node, "gpus") else { return [] }
        var gpus: [GPUConfig] = []
        for (index, item) in items.enumerated() {
            guard var map = MappingReader(item, context: "gpus[\(index)]", log: log) else { continue }
            let name = log.text(map.required("name", fix: "add `name: mi50`: sensors are then `mi50.junction` etc."), "name")
            let slotNode = map.value("pci_slot"), idNode = map.value("pci_id")
            let slot = log.text(slotNode, "pci_slot")
            let id = log.text(idNode, "pci_id")
            let nth = log.integer(map.value("index"), "index", range: 0...63) ?? 0
            map.finish()
            guard let name else { continue }
            names.append(name)
            if !isIdentifier(name) {
                log.add(item.location, "GPU name `\(name)` may only hold letters, digits, `-` and `_`", fix: "rename it, e.g. `mi50`")
                continue
            }
            let match: GPUMatch
            switch (slot, id) {
            case (let slot?, nil):
                guard let normalized = normalizePCISlot(slot) else {
                    log.add(slotNode?.location ?? item.location, "pci_slot `\(slot)` is not a PCI address", fix: "write it as `lspci -D` shows it, like `0000:03:00.0`")
                    continue
                }
                match = .pciSlot(normalized)
            case (nil, let id?):
                guard let (vendor, device) = parsePCIID(id) else {
                    log.add(idNode?.location ?? item.location, "pci_id `\(id)` is not a PCI id", fix: "write vendor:device as `lspci -nn` shows it, like `1002:66a1`")
                    continue
                }
                match = .pciID(vendor: vendor, device: device, index: nth)
            case (.some, .some):
                log.add(item.location, "GPU `\(name)` has both pci_slot and pci_id", fix: "keep one of them")
                continue
            case (nil, nil):
                log.add(item.location, "GPU `\(name)` has neither pci_slot nor pci_id",
                        fix: "add `pci_slot: \"0000:03:00.0\"` (see `mi50fan detect`) or `pci_id: \"1002:66a1\"`")
                continue
            }
            gpus.append(GPUConfig(name: name, match: match, location: item.location))
        }
        checkUnique(gpus.map { ($0.name, $0.location) }, what: "GPU", log: log)
        return gpus
    }

    static func checkUnique(_ names: [(String, SourceLocation)], what: String, log: ProblemLog) {
        var seen: [String: SourceLocation] = [:]
        for (name, location) in names {
            if let first = seen[name] {
                log.add(location, "\(what) `\(name)` is configured twice (first at \(first))", fix: "give each \(what) its own entry")
            } else {
                seen[name] = location
            }
        }
    }
}

/// Letters, digits, `-` and `_`.
func isIdentifier(_ text: String) -> Bool {
    !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
}

/// `0000:03:00.0` or `03:00.0` -> `0000:03:00.0` (lowercase); nil if not a PCI address.
public func normalizePCISlot(_ text: String) -> String? {
    let lower = text.lowercased()
    let parts = lower.split(separator: ":", omittingEmptySubsequences: false)
    let full = parts.count == 2 ? ["0000"] + parts.map(String.init) : parts.map(String.init)
    guard full.count == 3, full[0].count == 4, full[1].count == 2, UInt16(full[0], radix: 16) != nil,
          UInt8(full[1], radix: 16) != nil else { return nil }
    let deviceFunction = full[2].split(separator: ".")
    guard deviceFunction.count == 2, deviceFunction[0].count == 2, UInt8(deviceFunction[0], radix: 16) != nil,
          deviceFunction[1].count == 1, let function = UInt8(deviceFunction[1]), function < 8 else { return nil }
    return full.joined(separator: ":")
}

/// `1002:66a1` -> (0x1002, 0x66a1).
public func parsePCIID(_ text: String) -> (UInt16, UInt16)? {
    let parts = text.lowercased().split(separator: ":")
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 4,
          let vendor = UInt16(parts[0], radix: 16), let device = UInt16(parts[1], radix: 16) else { return nil }
    return (vendor, device)
}
