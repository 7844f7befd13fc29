import Foundation
import Service
import StatusSchema

/// The `watch` screen: what one frame shows, as text.
struct WatchScreen {
    /// Recent junction temperatures per card and duties per fan, for the sparklines.
    var history: [String: [Double]] = [:]
    let length = 40

    mutating func record(_ status: ServiceStatus) {
        for card in status.cards { append("card:\(card.name)", card.temperatures["junction"]) }
        for fan in status.fans { append("fan:\(fan.name)", fan.dutyPercent) }
    }

    private mutating func append(_ key: String, _ value: Double?) {
        var values = history[key] ?? []
        values.append(value ?? .nan)
        if values.count > length { values.removeFirst(values.count - length) }
        history[key] = values
    }

    /// A full-screen frame; `color` adds ANSI colours near limits.
    func frame(_ state: MachineState, color: Bool, time: String) -> String {
        let status = state.status
        var lines = ["mi50fan watch  \(time)  " + StatusReport.serviceLines(state).split(separator: "\n").joined(separator: "; "), ""]
        for card in status.cards {
            lines.append("\(card.name)  \(card.pciSlot ?? "")" + (card.throttle.isEmpty ? "" : "  THROTTLING: " + card.throttle.joined(separator: ", ")))
            for sensor in ["edge", "junction", "mem"] {
                let critical = card.critical[sensor]
                var text: String
                if let value = card.temperatures[sensor] {
                    text = String(format: "%5.0f °C", value)
                    if color, let critical { text = paint(text, value: value, critical: critical) }
                } else {
                    text = " unknown (\(card.faults[sensor] ?? "not read"))"
                }
                let limit = critical.map { String(format: "  crit %.0f", $0) } ?? ""
                let spark = sensor == "junction" ? "  " + sparkline(history["card:\(card.name)"] ?? [], low: 20, high: critical ?? 110) : ""
                lines.append("  " + sensor.padding(toLength: 9, withPad: " ", startingAt: 0) + text + limit + spark)
            }
            var line: [String] = []
            if let power = card.powerWatts { line.append(String(format: "%3.0f W", power) + (card.powerCapWatts.map { String(format: " / %.0f W", $0) } ?? "")) }
            if let sclk = card.sclkMHz { line.append(String(format: "sclk %4.0f MHz", sclk)) }
            if let busy = card.busyPercent { line.append(String(format: "busy %3.0f%%", busy)) }
            if let used = card.vramUsedBytes, let total = card.vramTotalBytes { line.append("VRAM \(used >> 20)/\(total >> 20) MiB") }
            lines.append("  " + line.joined(separator: "   "))
            lines.append("")
        }
        for fan in status.fans {
            let filled = fan.dutyPercent.isFinite ? Int((min(max(fan.dutyPercent, 0), 100) / 5).rounded()) : 0
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: 20 - filled)
            var mode = fan.modeText
            if color && (fan.mode == "fail-safe" || fan.stalled) { mode = "\u{1B}[31m\(mode)\u{1B}[0m" }
            lines.append(String(format: "fan %@  %5.1f%% ", fan.name, fan.dutyPercent) + bar + (fan.rpm.map { "  \($0) RPM" } ?? "") + "  " + mode)
            lines.append("  " + sparkline(history["fan:\(fan.name)"] ?? [], low: 0, high: 100) + "  " + fan.why)
        }
        for fault in status.faults { lines.append((color ? "\u{1B}[31m" : "") + "! " + fault + (color ? "\u{1B}[0m" : "")) }
        lines.append("")
        lines.append("q or Ctrl-C to quit")
        return lines.joined(separator: "\n")
    }

    /// One line per refresh, for logs and pipes.
    static func plainLine(_ state: MachineState, time: String) -> String {
        let cards = state.status.cards.map { card -> String in
            let temperatures = ["edge", "junction", "mem"].map { sensor in
                card.temperatures[sensor].map { String(format: "%.0f", $0) } ?? "?"
            }.joined(separator: "/")
            let power = card.powerWatts.map { String(format: " %.0fW", $0) } ?? ""
            return "\(card.name) \(temperatures)°C\(power)" + (card.throttle.isEmpty ? "" : " throttle:" + card.throttle.joined(separator: ","))
        }
        let fans = state.status.fans.map { fan in
            String(format: "%@ %.0f%%", fan.name, fan.dutyPercent) + (fan.rpm.map { " \($0)rpm" } ?? "") + (fan.modeText == "curve" ? "" : " " + fan.modeText)
        }
        return ([time] + cards + fans).joined(separator: "  ")
    }

    /// `▁▂▃▄▅▆▇█` for values from `low` to `high`; gaps for unknowns.
    func sparkline(_ values: [Double], low: Double, high: Double) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        return String(values.map { value -> Character in
            guard value.isFinite else { return " " }
            let position = (value - low) / max(1, high - low)
            return blocks[min(blocks.count - 1, max(0, Int(position * Double(blocks.count))))]
        })
    }

    private func paint(_ text: String, value: Double, critical: Double) -> String {
        if value >= critical - 10 { return "\u{1B}[31m" + text + "\u{1B}[0m" }
        if value >= critical - 25 { return "\u{1B}[33m" + text + "\u{1B}[0m" }
        return text
    }
}
