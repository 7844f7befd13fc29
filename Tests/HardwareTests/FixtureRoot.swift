import Foundation
import Hardware

/// A fixture tree copied into a temporary directory (tests write to the copy, never to the
/// committed tree). Removed when dropped.
final class FixtureRoot {
    let path: String
    var root: SysfsRoot { SysfsRoot(path) }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Copies fixture `name` (default: the two-GPU machine with a Super I/O chip).
    init(_ name: String = "two-gpus-nct6798") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-fixture-\(UUID().uuidString)").path
        try run("/bin/cp", ["-a", Self.fixtures.appendingPathComponent(name).path, path])
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to a file below the root.
    func write(_ relative: String, _ text: String) throws {
        try text.write(toFile: path + "/" + relative, atomically: false, encoding: .utf8)
    }

    /// Reads a file below the root, trimmed.
    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path + "/" + relative, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Renumbers a device's hwmon directory and DRM card the way a reboot or driver reload
    /// does: the directories get new numbers and the class links follow.
    func renumber(device: String, hwmon: (String, String), card: (String, String)?) throws {
        let manager = FileManager.default
        let devicePath = path + "/sys/devices/" + device
        try manager.moveItem(atPath: devicePath + "/hwmon/" + hwmon.0, toPath: devicePath + "/hwmon/" + hwmon.1)
        try manager.removeItem(atPath: path + "/sys/class/hwmon/" + hwmon.0)
        try manager.createSymbolicLink(atPath: path + "/sys/class/hwmon/" + hwmon.1,
                                       withDestinationPath: "../../devices/" + device + "/hwmon/" + hwmon.1)
        if let card {
            try manager.moveItem(atPath: devicePath + "/drm/" + card.0, toPath: devicePath + "/drm/" + card.1)
            try manager.removeItem(atPath: path + "/sys/class/drm/" + card.0)
            try manager.createSymbolicLink(atPath: path + "/sys/class/drm/" + card.1,
                                           withDestinationPath: "../../devices/" + device + "/drm/" + card.1)
        }
    }
}

let mi50Device = "pci0000:40/0000:40:03.1/0000:44:00.0"
let mi50Hwmon = "sys/devices/" + mi50Device + "/hwmon/hwmon1"
let nctHwmon = "sys/devices/platform/nct6775.656/hwmon/hwmon2"

@discardableResult
func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
