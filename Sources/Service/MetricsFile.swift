/// The Prometheus textfile (node_exporter's textfile collector): the status as metrics.
enum MetricsFile {
    static func render(_ status: ServiceStatus, tickSeconds: Double) -> String {
        var lines: [String] = []
        func metric(_ name: String, _ help: String, _ type: String = "gauge", samples: [(String, Double)]) {
            guard !samples.isEmpty else { return }
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for (labels, value) in samples { lines.append("\(name)\(labels.isEmpty ? "" : "{\(labels)}") \(number(value))") }
        }
        metric("mi50fan_temperature_celsius", "GPU temperature by sensor.", samples: status.cards.flatMap { card in
            card.temperatures.sorted { $0.key < $1.key }.map { ("gpu=\"\(card.name)\",sensor=\"\($0.key)\"", $0.value) }
        })
        metric("mi50fan_sensor_up", "1 when the sensor reads, 0 when it fails.", samples: status.cards.flatMap { card in
            Set(card.temperatures.keys).union(card.faults.keys).sorted().map { ("gpu=\"\(card.name)\",sensor=\"\($0)\"", card.faults[$0] == nil ? 1 : 0) }
        })
        metric("mi50fan_power_watts", "GPU board power.", samples: status.cards.compactMap { c in c.powerWatts.map { ("gpu=\"\(c.name)\"", $0) } })
        metric("mi50fan_power_cap_watts", "GPU power cap.", samples: status.cards.compactMap { c in c.powerCapWatts.map { ("gpu=\"\(c.name)\"", $0) } })
        metric("mi50fan_sclk_mhz", "GPU graphics clock.", samples: status.cards.compactMap { c in c.sclkMHz.map { ("gpu=\"\(c.name)\"", $0) } })
        let reasons = ["edge", "junction", "hbm", "vr", "thermal-other", "current", "power", "other"]
        metric("mi50fan_throttle", "1 while the GPU throttles for this reason.", samples: status.cards.flatMap { card in
            reasons.map { ("gpu=\"\(card.name)\",reason=\"\($0)\"", card.throttle.contains($0) ? 1 : 0) }
        })
        metric("mi50fan_fan_duty_ratio", "Fan duty, 0 to 1.", samples: status.fans.map { ("fan=\"\($0.name)\"", $0.dutyPercent / 100) })
        metric("mi50fan_fan_rpm", "Fan speed.", samples: status.fans.compactMap { f in f.rpm.map { ("fan=\"\(f.name)\"", Double($0)) } })
        metric("mi50fan_fan_failsafe", "1 while the fan runs at fail-safe duty.", samples: status.fans.map { ("fan=\"\($0.name)\"", $0.mode == "fail-safe" ? 1 : 0) })
        metric("mi50fan_fan_stalled", "1 while the fan is stalled.", samples: status.fans.map { ("fan=\"\($0.name)\"", $0.stalled ? 1 : 0) })
        metric("mi50fan_failsafe_events_total", "Fail-safe periods entered since start.", "counter",
               samples: status.fans.map { ("fan=\"\($0.name)\"", Double(status.failSafeEvents[$0.name] ?? 0)) })
        metric("mi50fan_tick_duration_seconds", "Time the last control tick took.", samples: [("", tickSeconds)])
        return lines.joined(separator: "\n") + "\n"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
