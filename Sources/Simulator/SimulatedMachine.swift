import ConfigFiles
import Foundation

/// A virtual machine on disk: the sysfs tree under `root/sys`, and a config for it under
/// `root/etc/mi50fan` (the built-in curves copied beside it), so that the real program runs
/// against it with `--root ROOT --config ROOT/etc/mi50fan/config.yaml`.
public enum SimulatedMachine {
    /// The config path inside a simulated root.
    public static func configPath(root: String) -> String { root + "/etc/mi50fan/config.yaml" }

    /// A config for the simulated card and fan, following `curve`.
    public static func configYAML(curve: String, interval: String = "1s", root: String) -> String {
        """
        # The simulated MI50 and its blower on the motherboard's second header.
        version: 1
        interval: \(interval)
        status_file: \(root)/run/mi50fan/status.json
        gpus:
          - name: mi50
            pci_slot: "\(SimulatedLayout.pciSlot)"
        fans:
          - name: blower
            output:
              hwmon: {chip: \(SimulatedLayout.chipName), pwm: \(SimulatedLayout.fanHeader)}
            tach: {chip: \(SimulatedLayout.chipName), fan: \(SimulatedLayout.fanHeader)}
            limits: {min_duty: 25%, start_duty: 40%, kick_time: 2s}
            curve: \(curve)
            sensors: [mi50.junction, mi50.mem]

        """
    }

    /// Writes the config and the curves into `root/etc/mi50fan`. `curveFile` is an extra
    /// curve file to use (its name is its file name); otherwise `curve` must be built in.
    public static func writeConfig(root: String, curve: String, curveText: String?, interval: String = "1s") throws {
        let directory = root + "/etc/mi50fan/curves"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, text) in BuiltInCurves.files {
            try (text + "\n").write(toFile: directory + "/" + name + ".yaml", atomically: true, encoding: .utf8)
        }
        if let curveText { try curveText.write(toFile: directory + "/" + curve + ".yaml", atomically: true, encoding: .utf8) }
        try configYAML(curve: curve, interval: interval, root: root).write(toFile: configPath(root: root), atomically: true, encoding: .utf8)
    }
}
