import StatusSchema
/// The Prometheus textfile (node_exporter's textfile collector): the status as metrics.
///
/// Names follow Prometheus conventions: base units in the name (`_celsius`, `_watts`, `_hertz`,
/// `_bytes`, `_seconds`, `_ratio`), `_total` on counters, one `_info` gauge per build and card.
/// contrib/prometheus and contrib/grafana use these names; the tests check that every name they
/// use is one this renderer writes.
enum MetricsFile {
    /// The throttle reasons every card reports a 0 or 1 for, so that a reason that stops shows 0.
    static let throttleReasons = ["edge", "junction", "hbm", "vr", "thermal-other", "current", "power", "other"]

    static func render(_ status: ServiceStatus, tickSeconds: Double) -> String {
        var lines: [String] = []
        func metric(_ name: String, _ help: String, _ type: String = "gauge", samples: [(String, Double)]) {
            guard !samples.isEmpty else { return }
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for (labels, value) in samples { lines.append("\(name)\(labels.isEmpty ? "" : "{\(labels)}") \(number(value))") }
        }
        func gpu(_ card: ServiceStatus.Card) -> String { "gpu=\"\(escaped(card.name))\"" }
        func perCard(_ value: (ServiceStatus.Card) -> Double?) -> [(String, Double)] {
            status.cards.compactMap { card in value(card).map { (gpu(card), $0) } }
        }
        func perSensor(_ values: (ServiceStatus.Card) -> [String: Double]) -> [(String, Double)] {
            status.cards.flatMap { card in
                values(card).sorted { $0.key < $1.key }.map { ("\(gpu(card)),sensor=\"\(escaped($0.key))\"", $0.value) }
            }
        }
        func fan(_ fan: ServiceStatus.Fan) -> String { "fan=\"\(escaped(fan.name))\"" }

        metric("mi50fan_build_info", "The running mi50fan's version.", samples: [("version=\"\(escaped(BuildInfo.version))\"", 1)])
        metric("mi50fan_gpu_info", "A configured card and the PCI slot it was found at.", samples: status.cards.map { card in
            ("\(gpu(card)),pci_slot=\"\(escaped(card.pciSlot ?? ""))\"", 1)
        })
        metric("mi50fan_temperature_celsius", "GPU temperature by sensor.", samples: perSensor(\.temperatures))
        metric("mi50fan_temperature_critical_celsius", "The card's critical limit by sensor (tempN_crit).", samples: perSensor(\.critical))
        metric("mi50fan_temperature_emergency_celsius", "The card's emergency limit by sensor (tempN_emergency).", samples: perSensor(\.emergency))
        metric("mi50fan_sensor_up", "1 when the sensor reads, 0 when it fails.", samples: status.cards.flatMap { card in
            Set(card.temperatures.keys).union(card.faults.keys).sorted().map { ("\(gpu(card)),sensor=\"\(escaped($0))\"", card.faults[$0] == nil ? 1 : 0) }
        })
        metric("mi50fan_power_watts", "GPU board power.", samples: perCard(\.powerWatts))
        metric("mi50fan_power_cap_watts", "GPU power cap.", samples: perCard(\.powerCapWatts))
        metric("mi50fan_sclk_hertz", "GPU graphics clock.", samples: perCard { $0.sclkMHz.map { $0 * 1_000_000 } })
        metric("mi50fan_mclk_hertz", "GPU memory clock.", samples: perCard { $0.mclkMHz.map { $0 * 1_000_000 } })
        metric("mi50fan_gpu_busy_ratio", "GPU busy, 0 to 1.", samples: perCard { $0.busyPercent.map { $0 / 100 } })
        metric("mi50fan_vram_used_bytes", "VRAM in use.", samples: perCard { $0.vramUsedBytes.map(Double.init) })
        metric("mi50fan_vram_total_bytes", "VRAM on the card.", samples: perCard { $0.vramTotalBytes.map(Double.init) })
        metric("mi50fan_throttle", "1 while the GPU throttles for this reason.", samples: status.cards.flatMap { card in
            throttleReasons.map { ("\(gpu(card)),reason=\"\($0)\"", card.throttle.contains($0) ? 1 : 0) }
        })
        metric("mi50fan_fan_duty_ratio", "Fan duty, 0 to 1.", samples: status.fans.map { (fan($0), $0.dutyPercent / 100) })
        metric("mi50fan_fan_rpm", "Fan speed from its tach, revolutions per minute.", samples: status.fans.compactMap { f in f.rpm.map { (fan(f), Double($0)) } })
        metric("mi50fan_fan_failsafe", "1 while the fan runs at fail-safe duty.", samples: status.fans.map { (fan($0), $0.mode == "fail-safe" ? 1 : 0) })
        metric("mi50fan_fan_stalled", "1 while the fan is stalled.", samples: status.fans.map { (fan($0), $0.stalled ? 1 : 0) })
        metric("mi50fan_fan_output_error", "1 while the fan's output cannot be written.", samples: status.fans.map { (fan($0), $0.error == nil ? 0 : 1) })
        metric("mi50fan_failsafe_events_total", "Fail-safe periods entered since start.", "counter",
               samples: status.fans.map { (fan($0), Double(status.failSafeEvents[$0.name] ?? 0)) })
        metric("mi50fan_reload_failed", "1 while the last reload failed (the previous config keeps running).",
               samples: [("", status.reloadError == nil ? 0 : 1)])
        metric("mi50fan_tick_duration_seconds", "Time the last control tick took.", samples: [("", tickSeconds)])
        return lines.joined(separator: "\n") + "\n"
    }

    /// A sample value: whole numbers without a fraction, others to six decimals in their
    /// shortest spelling (a duty of 27.7% is `0.277`, not `0.27699999999999997`).
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : "\(rounded)"
    }

    /// A label value with `\`, `"` and newlines escaped as the text format asks.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }
}
