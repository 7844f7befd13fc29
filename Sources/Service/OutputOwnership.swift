import FanControl
import Hardware

/// One owner per physical output: finds config entries that name the same header, GPIO line
/// or PWM channel in different words (one with a `device:`, one without; a chip by label and
/// by name). The daemon refuses the second such entry at start; `mi50fan config check` tells
/// it before.
public enum OutputOwnership {
    /// One message per fan whose output another fan earlier in the config already drives.
    /// Outputs that are not found under `root` are not compared (nothing to fight over).
    public static func conflicts(in config: Config, root: SysfsRoot) -> [String] {
        let resolver = DeviceResolver(root: root)
        var owners: [String: String] = [:]
        var messages: [String] = []
        for fan in config.fans {
            guard case .success(let output) = resolver.output(for: fan.output) else { continue }
            if let owner = owners[output.identity] {
                messages.append("fans \(owner) and \(fan.name) both drive \(output.identity); one output takes one fan entry: list both fans' sensors under one fan")
            } else {
                owners[output.identity] = fan.name
            }
        }
        return messages
    }
}
