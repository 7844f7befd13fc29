#if canImport(Glibc)
import Glibc
#endif

/// A copy of the part of a machine's sysfs that mi50fan reads: each GPU's PCI attributes,
/// DRM card and hwmon directory, and every hwmon chip with fan headers or tachs, shaped as the
/// kernel shapes it (`class/` and `bus/` entries are relative links into `devices/`, hwmon
/// `device` links point at the parent device). Files that identify one physical card
/// (`unique_id`, `serial_number`) are left out; attributes that cannot be read are kept empty,
/// which mi50fan reads as "unknown", as it does the real file's error.
///
/// Written as a tar archive (``tarArchive(extra:)``) it becomes a fixture: extracted into a
/// directory, that directory works as `--root`.
public struct SysfsSnapshot: Sendable {
    /// The snapshot's members by path relative to its root (`sys/...`).
    public private(set) var members: [String: TarArchive.Member] = [:]
    /// The PCI slots of the cards captured.
    public private(set) var cards: [String] = []
    /// The hwmon chips captured (the cards' own and those with fan headers or tachs), as
    /// `name (hwmonN)`, then the GPIO and sysfs PWM chips.
    public private(set) var chips: [String] = []
    /// Identifying files left out, relative to the root.
    public private(set) var removed: [String] = []
    /// Attributes that could not be read (kept empty), with why.
    public private(set) var unreadable: [String] = []

    /// Device attributes a card's snapshot keeps: what detection, telemetry and the reports read.
    public static let cardAttributes: Set<String> = [
        "vendor", "device", "revision", "class", "subsystem_vendor", "subsystem_device", "uevent", "vbios_version",
        "product_name", "gpu_busy_percent", "mem_busy_percent", "mem_info_vram_total", "mem_info_vram_used",
        "mem_info_vis_vram_total", "mem_info_vis_vram_used", "gpu_metrics", "power_dpm_force_performance_level",
        "power_dpm_state", "pp_dpm_sclk", "pp_dpm_mclk", "pp_dpm_pcie", "pp_dpm_socclk", "pp_dpm_fclk", "pp_dpm_dcefclk",
        "pp_power_profile_mode", "pp_od_clk_voltage", "current_link_speed", "current_link_width", "max_link_speed",
        "max_link_width",
    ]
    /// Device attributes that identify one physical card; never captured.
    public static let identifyingAttributes: Set<String> = ["unique_id", "serial_number"]

    private let root: SysfsRoot
    private let sysPrefix: String

    /// Captures the snapshot of the machine under `root`.
    public static func capture(root: SysfsRoot) -> SysfsSnapshot {
        var snapshot = SysfsSnapshot(root: root)
        snapshot.captureCards()
        snapshot.captureChips()
        snapshot.captureOutputChips()
        return snapshot
    }

    private init(root: SysfsRoot) {
        self.root = root
        let sys = root.sys("")
        sysPrefix = (root.resolve(sys) ?? String(sys.dropLast())) + "/"
    }

    /// The tar archive of the snapshot; `extra` adds files at its top (a note on where it came from).
    public func tarArchive(extra: [String: String] = [:]) -> [UInt8] {
        var archive = TarArchive()
        for (path, member) in orderedMembers(extra: extra) { archive.add(path, member) }
        return archive.data
    }

    /// Writes the tar archive to `path` (replacing a file there), with a `snapshot.txt` at its
    /// top saying what it holds; `version` is the mi50fan that took it.
    public func writeArchive(to path: String, version: String) throws(SysfsError) {
        let bytes = tarArchive(extra: ["snapshot.txt": note(version: version)])
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .failed(path: path, errno: errno) }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        if written != bytes.count { throw .failed(path: path, errno: written < 0 ? errno : ENOSPC) }
    }

    /// What the snapshot holds and where it came from (no host name, no serials).
    public func note(version: String) -> String {
        let kernel = root.readLine(root.path("proc/sys/kernel/osrelease")) ?? "unknown"
        return """
            mi50fan \(version) sysfs snapshot
            kernel: \(kernel)
            cards: \(cards.isEmpty ? "none" : cards.joined(separator: ", "))
            chips: \(chips.isEmpty ? "none" : chips.joined(separator: ", "))
            left out (identifying): \(removed.isEmpty ? "none" : removed.joined(separator: ", "))
            unreadable (kept empty): \(unreadable.isEmpty ? "none" : unreadable.joined(separator: "; "))

            """
    }

    /// Writes the snapshot as a tree under `directory` (which must exist), as extracting the
    /// archive would.
    public func write(to directory: String) throws(SysfsError) {
        for (path, member) in orderedMembers(extra: [:]) {
            let target = directory + "/" + path
            switch member {
            case .directory:
                if mkdir(target, 0o755) != 0 && errno != EEXIST { throw .failed(path: target, errno: errno) }
            case .file(let bytes):
                let descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                guard descriptor >= 0 else { throw .failed(path: target, errno: errno) }
                defer { close(descriptor) }
                let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
                if written != bytes.count { throw .failed(path: target, errno: errno) }
            case .link(let destination):
                if symlink(destination, target) != 0 { throw .failed(path: target, errno: errno) }
            }
        }
    }

    /// Directories (parents first), then files, then links.
    private func orderedMembers(extra: [String: String]) -> [(String, TarArchive.Member)] {
        var all = members
        for (name, text) in extra { all[name] = .file(Array(text.utf8)) }
        var directories: Set<String> = []
        for path in all.keys {
            var parent = Substring(path)
            while let slash = parent.lastIndex(of: "/") {
                parent = parent[..<slash]
                directories.insert(String(parent))
            }
        }
        for (path, member) in all where member == .directory { directories.insert(path) }
        let ordered = directories.sorted().map { ($0, TarArchive.Member.directory) }
        let files = all.filter { if case .file = $0.value { return true } else { return false } }.sorted { $0.key < $1.key }
        let links = all.filter { if case .link = $0.value { return true } else { return false } }.sorted { $0.key < $1.key }
        return ordered + files.map { ($0.key, $0.value) } + links.map { ($0.key, $0.value) }
    }

    // MARK: Capturing

    /// `class/drm/cardN` of every GPU: the card's PCI attributes, its DRM card, its bus link.
    private mutating func captureCards() {
        for name in root.entries(root.sys("class/drm")) where name.hasPrefix("card") && Int(name.dropFirst(4)) != nil {
            guard let drm = relative(root.sys("class/drm/" + name)), let device = relative(root.sys("class/drm/" + name + "/device")),
                  device.hasPrefix("sys/devices/pci"), !cards.contains(SysfsRoot.lastComponent(device)) else { continue }
            let slot = SysfsRoot.lastComponent(device)
            cards.append(slot)
            addLink("sys/class/drm/" + name, to: drm)
            addFile(drm + "/dev")
            addLink(drm + "/device", to: device)
            for attribute in root.entries(root.path(device)) {
                if Self.identifyingAttributes.contains(attribute) { removed.append(device + "/" + attribute) }
                if Self.cardAttributes.contains(attribute) { addFile(device + "/" + attribute) }
            }
            addLink("sys/bus/pci/devices/" + slot, to: device)
        }
    }

    /// Every hwmon chip of a captured card, and every chip with fan headers or tachs.
    private mutating func captureChips() {
        let cardDevices = Set(members.keys.filter { $0.hasPrefix("sys/bus/pci/devices/") }.compactMap { path -> String? in
            if case .link(let target) = members[path] { return Self.normalize(Self.parent(path) + "/" + target) } else { return nil }
        })
        for name in root.entries(root.sys("class/hwmon")) {
            guard let hwmon = relative(root.sys("class/hwmon/" + name)) else { continue }
            let files = root.entries(root.path(hwmon))
            let device = relative(root.path(hwmon + "/device"))
            let isCard = device.map(cardDevices.contains) ?? false
            let drivesFans = files.contains { Self.channel($0, kind: "pwm") || Self.channel($0, kind: "fan") }
            guard isCard || drivesFans else { continue }
            chips.append("\(root.readLine(root.path(hwmon + "/name")) ?? "?") (\(name))")
            addLink("sys/class/hwmon/" + name, to: hwmon)
            for file in files where Self.isHwmonAttribute(file) { addFile(hwmon + "/" + file) }
            if let device {
                addLink(hwmon + "/device", to: device)
                if members[device] == nil { members[device] = .directory }
            }
        }
    }

    /// GPIO chips (`class/gpio`: label, line count, the chip's device) and sysfs PWM chips
    /// (`class/pwm`: channel count, exported channels), which can drive fans too.
    private mutating func captureOutputChips() {
        for name in root.entries(root.sys("class/gpio")) where name.hasPrefix("gpiochip") {
            guard let chip = relative(root.sys("class/gpio/" + name)) else { continue }
            chips.append(name)
            addLink("sys/class/gpio/" + name, to: chip)
            for file in ["label", "ngpio", "base"] { addFile(chip + "/" + file) }
            guard let device = relative(root.path(chip + "/device")) else { continue }
            addLink(chip + "/device", to: device)
            for child in root.entries(root.path(device)) where child.hasPrefix("gpiochip") && root.exists(root.path(device + "/" + child + "/dev")) {
                addFile(device + "/" + child + "/dev")
            }
        }
        for name in root.entries(root.sys("class/pwm")) where name.hasPrefix("pwmchip") {
            guard let chip = relative(root.sys("class/pwm/" + name)) else { continue }
            chips.append(name)
            addLink("sys/class/pwm/" + name, to: chip)
            addFile(chip + "/npwm")
            for file in ["export", "unexport"] where members[chip + "/" + file] == nil { members[chip + "/" + file] = .file([]) }   // write-only
            for channel in root.entries(root.path(chip)) where Self.channel(channel, kind: "pwm") {
                for file in ["period", "duty_cycle", "enable", "polarity"] where root.exists(root.path(chip + "/" + channel + "/" + file)) {
                    addFile(chip + "/" + channel + "/" + file)
                }
            }
            if let device = relative(root.path(chip + "/device")) { addLink(chip + "/device", to: device) }
        }
    }

    /// Whether `file` is a hwmon attribute mi50fan or lm-sensors reads (`name`, `tempN_*`,
    /// `pwmN`, `fanN_*`, `inN_*`, `powerN_*`, `freqN_*`, `currN_*`).
    static func isHwmonAttribute(_ file: String) -> Bool {
        if file == "name" { return true }
        return ["temp", "pwm", "fan", "in", "power", "freq", "curr", "energy"].contains { channel(file, kind: $0) }
    }

    /// Whether `file` is `<kind>N` or `<kind>N_<attribute>`.
    private static func channel(_ file: String, kind: String) -> Bool {
        guard file.hasPrefix(kind) else { return false }
        let rest = file.dropFirst(kind.count)
        let digits = rest.prefix { $0.isNumber }
        guard !digits.isEmpty else { return false }
        let suffix = rest.dropFirst(digits.count)
        return suffix.isEmpty || (suffix.hasPrefix("_") && suffix.count > 1)
    }

    private mutating func addFile(_ path: String) {
        guard members[path] == nil else { return }
        switch root.readBytes(root.path(path), limit: 65536) {
        case .success(let bytes): members[path] = .file(bytes)
        case .failure(let error):
            members[path] = .file([])
            unreadable.append("\(path): \(error)")
        }
    }

    /// A link at `path` to `target` (both relative to the root): the machine's own link text
    /// when it is relative and leads there, otherwise the relative path the kernel would write.
    private mutating func addLink(_ path: String, to target: String) {
        let directory = Self.parent(path)
        if let text = Self.readLink(root.path(path)), !text.hasPrefix("/"), Self.normalize(directory + "/" + text) == target {
            members[path] = .link(text)
        } else {
            members[path] = .link(Self.relativePath(from: directory, to: target))
        }
        if members[target] == nil { members[target] = .directory }
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path` with every link resolved, relative to the root (`sys/...`), when it is inside `sys/`.
    private func relative(_ path: String) -> String? {
        guard let resolved = root.resolve(path), resolved.hasPrefix(sysPrefix) else { return nil }
        return "sys/" + resolved.dropFirst(sysPrefix.count)
    }

    static func parent(_ path: String) -> String {
        path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
    }

    /// `a/b/../c` -> `a/c`.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else if part != "." { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    /// The relative path from directory `from` to `to`; to an ancestor as the kernel writes it,
    /// up to the ancestor's parent and down by its name (`../../../0000:44:00.0`).
    static func relativePath(from: String, to: String) -> String {
        let source = from.split(separator: "/"), target = to.split(separator: "/")
        var common = 0
        while common < source.count && common < target.count && source[common] == target[common] { common += 1 }
        if common == target.count && common > 0 { common -= 1 }
        let up = Array(repeating: "..", count: source.count - common)
        return (up + target[common...].map(String.init)).joined(separator: "/")
    }
}
