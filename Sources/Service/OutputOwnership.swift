import FanControl
import Hardware

/// One owner per physical output: finds config entries that name the same header, GPIO line
/// or PWM channel in different words (one with a `device:`, one without; a chip by label and
/// by name). The daemon refuses the second such entry at start; `mi50fan config check` tells
/// it before.
public enum OutputOwnership {
    /// One problem per fan whose output another fan earlier in the config already drives, at
    /// the second fan's `output:`. Outputs that are not found under `root` are not compared
    /// (nothing to fight over).
    public static func conflicts(in config: Config, root: SysfsRoot) -> [ConfigProblem] {
        let resolver = DeviceResolver(root: root)
        var owners: [String: FanConfig] = [:]
        var problems: [ConfigProblem] = []
        for fan in config.fans {
            guard case .success(let output) = resolver.output(for: fan.output) else { continue }
            if let owner = owners[output.identity] {
                problems.append(ConfigProblem(fan.outputLocation, "fans \(owner.name) and \(fan.name) both drive \(output.identity) (\(owner.name)'s output is at \(owner.outputLocation))",
                                              fix: "one output takes one fan entry: list both fans' sensors under one fan"))
            } else {
                owners[output.identity] = fan
            }
        }
        return problems
    }
}
