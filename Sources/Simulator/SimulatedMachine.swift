import ConfigFiles
import Foundation

/// A virtual machine on disk: the sysfs tree under `root/sys`, and a config for it under
/// `root/etc/mi50fan` (the built-in curves copied beside it), so that the real program runs
/// against it with `--root ROOT --config ROOT/etc/mi50fan/config.yaml`.
public enum SimulatedMachine {
    /// The config path inside a simulated root.
    public static func configPath(root: String) -> String { root + "/etc/mi50fan/config.yaml" }

    /// A fan's spike filter on `base` with the hysteresis docs/configuration.md gives with one
    /// (as docs/examples/config.yaml's blower), as lines to follow a fan's `sensors`.
    static func spikeFilterYAML(base: String) -> String {
        "\n    spike_filter: {base: \(base), rise: 90s}\n    hysteresis: {spin_down_delay: 15s, min_step: 30%, rise_step: 12%, fall_margin: 6%}"
    }

    /// A config for the simulated card and fan, following `curve`.
    public static func configYAML(curve: String, interval: String = "1s", root: String, spikeFilter: Bool = false) -> String {
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
            sensors: [mi50.junction, mi50.mem]\(spikeFilter ? spikeFilterYAML(base: "mi50.edge") : "")

        """
    }

    /// A config for a machine of `cards` simulated cards: `gpu0`... by PCI slot, each with its
    /// own blower (`blower0`...) on its header following its junction and HBM. One card: the
    /// config of ``configYAML(curve:interval:root:)``.
    public static func configYAML(curve: String, interval: String = "1s", root: String, cards: Int, spikeFilter: Bool = false) -> String {
        guard cards > 1 else { return configYAML(curve: curve, interval: interval, root: root, spikeFilter: spikeFilter) }
        let layouts = (0..<cards).map { SimulatedLayout(root: root, card: $0, of: cards) }
        let chip = SimulatedLayout.chipName
        let gpus = layouts.map { "  - {name: gpu\($0.cardIndex), pci_slot: \"\($0.slot)\"}" }
        let fans = layouts.map { layout in
            """
              - name: blower\(layout.cardIndex)
                output:
                  hwmon: {chip: \(chip), pwm: \(layout.header)}
                tach: {chip: \(chip), fan: \(layout.header)}
                limits: {min_duty: 25%, start_duty: 40%, kick_time: 2s}
                curve: \(curve)
                sensors: [gpu\(layout.cardIndex).junction, gpu\(layout.cardIndex).mem]\(spikeFilter ? spikeFilterYAML(base: "gpu\(layout.cardIndex).edge") : "")
            """
        }
        return """
            # \(cards) simulated MI50s, each with its blower on its own header of the motherboard's chip.
            version: 1
            interval: \(interval)
            status_file: \(root)/run/mi50fan/status.json
            gpus:
            \(gpus.joined(separator: "\n"))
            fans:
            \(fans.joined(separator: "\n"))

            """
    }

    /// Writes the config (for `cards` cards) and the curves into `root/etc/mi50fan`. `curveText`
    /// is an extra curve file to use (its name is `curve`); otherwise `curve` must be built in.
    public static func writeConfig(
        root: String, curve: String, curveText: String?, interval: String = "1s", cards: Int = 1, spikeFilter: Bool = false
    ) throws {
        let directory = root + "/etc/mi50fan/curves"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, text) in BuiltInCurves.files {
            try (text + "\n").write(toFile: directory + "/" + name + ".yaml", atomically: true, encoding: .utf8)
        }
        if let curveText { try curveText.write(toFile: directory + "/" + curve + ".yaml", atomically: true, encoding: .utf8) }
        try configYAML(curve: curve, interval: interval, root: root, cards: cards, spikeFilter: spikeFilter).write(toFile: configPath(root: root), atomically: true, encoding: .utf8)
    }
}
