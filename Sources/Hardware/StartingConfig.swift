
/// A first config for what `detect` found, to be edited by the owner: every AMD card by PCI
/// slot, one fan on the first PWM chip's header that has a spinning fan (else its first), on
/// the shipped balanced curve, following every card's junction and memory.
public enum StartingConfig {
    /// The config's text for `inventory`.
    public static func yaml(for inventory: MachineInventory) -> String {
        let cards = inventory.cards.filter { $0.pciID.hasPrefix("1002:") }
        let names = cards.count == 1 ? ["mi50"] : cards.indices.map { "gpu\($0)" }
        var lines = [
            "# mi50fan config written by `mi50fan detect`. Check the fan output below: run",
            "# `mi50fan calibrate --fan FAN` to confirm which header drives the fan.",
            "version: 1",
            "interval: 1s",
            "",
            "gpus:",
        ]
        for (card, name) in zip(cards, names) {
            lines.append("  - name: \(name)   # \(card.model)")
            lines.append("    pci_slot: \"\(card.pciSlot)\"")
        }
        if cards.isEmpty { lines.append("  - {name: mi50, pci_id: \"1002:66a1\"}   # no card found: edit this") }
        lines += ["", "fans:", "  - name: gpu-fan", "    output:"]
        if let chip = inventory.chips.first {
            // Prefer a header that has a spinning fan on it.
            let output = chip.outputs.first { ($0.fanRPM ?? 0) > 0 } ?? chip.outputs.first
            let device = inventory.chips.filter { $0.name == chip.name }.count > 1 ? ", device: \"\(chip.device ?? "")\"" : ""
            lines.append("      hwmon: {chip: \(chip.name)\(device), pwm: \(output?.pwm ?? 1)}")
        } else if let gpio = inventory.gpioChips.first {
            lines.append("      gpio: {chip: \(gpio.label), line: 0}   # set the line your MOSFET is on")
        } else {
            lines.append("      hwmon: {chip: CHANGE-ME, pwm: 1}   # no PWM chip found: see docs/hardware.md")
        }
        let sensorNames = (cards.isEmpty ? ["mi50"] : names).flatMap { ["\($0).junction", "\($0).mem"] }
        lines += [
            "    limits: {min_duty: 25%, start_duty: 40%, kick_time: 2s}",
            "    curve: mi50-blower-balanced",
            "    sensors:",
        ]
        if sensorNames.count <= 2 {
            lines += sensorNames.map { "      - \($0)" }
        } else {
            lines += ["      - sensors: [\(sensorNames.joined(separator: ", "))]", "        aggregate: max"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
