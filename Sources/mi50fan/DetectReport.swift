import Foundation
import Hardware

/// `detect`'s text output.
enum DetectReport {
    static func text(_ inventory: MachineInventory) -> String {
        var out = "Cards\n"
        if inventory.cards.isEmpty { out += "  none found (is the amdgpu driver loaded? `lspci -nnk | grep -A3 VGA`)\n" }
        for card in inventory.cards {
            out += "  \(card.pciSlot)  \(card.model)  [\(card.pciID)]  \(card.hwmon ?? "no hwmon")\(card.card.map { ", \($0)" } ?? "")\n"
            let temperatures = card.temperatures.map { channel -> String in
                let value = channel.celsius.map { "\(number($0))°C" } ?? "unknown (\(channel.fault ?? "?"))"
                let limit = channel.critical.map { " (crit \(number($0)))" } ?? ""
                return "\(channel.label) \(value)\(limit)"
            }
            out += "    " + (temperatures.isEmpty ? "no temperatures" : temperatures.joined(separator: "  ")) + "\n"
            if let libsensors = card.libsensors {
                out += "    libsensors: " + libsensors.sorted { $0.key < $1.key }.map { "\($0.key) \(number($0.value))°C" }.joined(separator: "  ") + "\n"
            }
            let line = cardLine(power: card.powerWatts, cap: card.powerCapWatts, sclk: card.sclkMHz, mclk: card.mclkMHz,
                                busy: card.busyPercent, vramUsed: card.vramUsedBytes, vramTotal: card.vramTotalBytes)
            if !line.isEmpty { out += "    " + line + "\n" }
            out += "    gpu_metrics \(card.gpuMetrics)" + (card.throttle.map { $0.isEmpty ? ", not throttling" : ", throttling: \($0.joined(separator: ", "))" } ?? "") + "\n"
            if card.passive && card.hwmon != nil { out += "    (a passive Instinct card: its own pwm1/fan1 drive nothing and are never used as the fan)\n" }
        }
        out += "\nMotherboard PWM outputs\n"
        if inventory.chips.isEmpty {
            out += """
                  none visible. Load the Super I/O driver: `sudo modprobe nct6775` (Nuvoton: most ASUS,
                  ASRock, MSI boards) or `sudo modprobe it87` (ITE: most Gigabyte boards); `sensors-detect`
                  tells which. See docs/hardware.md.

                """
        }
        for chip in inventory.chips {
            out += "  \(chip.name)\(chip.device.map { " (\($0))" } ?? "")  \(chip.hwmon)\n"
            for output in chip.outputs {
                let value = output.value.map { "\($0) (\(Int((Double($0) / 2.55).rounded()))%)" } ?? "unreadable"
                let rpm = output.fanRPM.map { "  fan\(output.pwm) \($0) RPM" } ?? ""
                out += "    pwm\(output.pwm)  \(value)  mode \(output.modeName)\(rpm)\n"
            }
        }
        if !inventory.gpioChips.isEmpty {
            out += "\nGPIO chips\n"
            for chip in inventory.gpioChips { out += "  \(chip.name) [\(chip.label)] \(chip.lines) lines\n" }
        }
        if !inventory.pwmChips.isEmpty {
            out += "\nPWM chips\n"
            for chip in inventory.pwmChips { out += "  \(chip.device) (\(chip.name)) \(chip.channels) channels\n" }
        }
        return out
    }

    /// `power 19 W / cap 225 W  sclk 938 MHz  mclk 350 MHz  busy 0%  VRAM 10 / 16368 MiB`, for what is known.
    static func cardLine(power: Double?, cap: Double?, sclk: Double?, mclk: Double?, busy: Double?, vramUsed: Int?, vramTotal: Int?) -> String {
        var line: [String] = []
        if let power { line.append("power \(number(power)) W" + (cap.map { " / cap \(number($0)) W" } ?? "")) }
        if let sclk { line.append("sclk \(number(sclk)) MHz") }
        if let mclk { line.append("mclk \(number(mclk)) MHz") }
        if let busy { line.append("busy \(number(busy))%") }
        if let used = vramUsed, let total = vramTotal { line.append("VRAM \(used >> 20) / \(total >> 20) MiB") }
        return line.joined(separator: "  ")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.1f", value)
    }
}
