import Foundation
@testable import Service
import StatusSchema
import Testing

/// A status with every field the metrics show filled in: two cards (one with a sensor down and
/// throttling), a fan in fail-safe, a stalled fan with an output error, a failed reload.
func everyMetricStatus() -> ServiceStatus {
    let cards = [
        ServiceStatus.Card(
            name: "gpu0", pciSlot: "0000:03:00.0", temperatures: ["edge": 45, "junction": 61, "mem": 44],
            faults: [:], critical: ["edge": 100, "junction": 110, "mem": 95], emergency: ["edge": 105, "junction": 115, "mem": 100],
            powerWatts: 19, powerCapWatts: 225, sclkMHz: 1725, mclkMHz: 1000, busyPercent: 37,
            vramUsedBytes: 17_179_869_184, vramTotalBytes: 34_342_961_152, throttle: []),
        ServiceStatus.Card(
            name: "gpu \"1\"", pciSlot: nil, temperatures: ["edge": 71.5, "mem": 80],
            faults: ["junction": "read failed: Input/output error"], critical: ["junction": 110], emergency: [:],
            powerWatts: 224.5, powerCapWatts: 225, sclkMHz: 1386, mclkMHz: 1000, busyPercent: 100,
            vramUsedBytes: 1, vramTotalBytes: 34_342_961_152, throttle: ["power", "junction"]),
    ]
    let fans = [
        ServiceStatus.Fan(name: "blower0", output: "nct6798 pwm2", dutyPercent: 27.7, rpm: 2140, mode: "curve",
                          curve: "mi50-blower-balanced", why: "", stalled: false, error: nil),
        ServiceStatus.Fan(name: "blower1", output: "nct6798 pwm3", dutyPercent: 100, rpm: 0, mode: "fail-safe",
                          curve: nil, why: "", stalled: true, error: "pwm3: Permission denied"),
    ]
    return ServiceStatus(pid: 4242, started: 1_795_000_000, config: "/etc/mi50fan/config.yaml", intervalSeconds: 1,
                         cards: cards, fans: fans, faults: [], reloadError: "config.yaml:3:5: bad", failSafeEvents: ["blower1": 2])
}

/// The metric names a rendered textfile defines (its `# TYPE` lines).
func metricNames(_ text: String) -> Set<String> {
    Set(text.split(separator: "\n").compactMap { line in
        line.hasPrefix("# TYPE ") ? line.split(separator: " ")[2].description : nil
    })
}

/// The value of the sample `name{labels}` in a rendered textfile.
private func sample(_ text: String, _ series: String) -> String? {
    text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.map { String($0.dropFirst(series.count + 1)) }
}

@Test("metrics are in base units, with build info, RPM and duty without binary-float noise")
func metricsInBaseUnits() {
    let text = MetricsFile.render(everyMetricStatus(), tickSeconds: 0.000123456789)
    #expect(sample(text, "mi50fan_fan_duty_ratio{fan=\"blower0\"}") == "0.277")
    #expect(sample(text, "mi50fan_fan_duty_ratio{fan=\"blower1\"}") == "1")
    #expect(sample(text, "mi50fan_sclk_hertz{gpu=\"gpu0\"}") == "1725000000")
    #expect(sample(text, "mi50fan_mclk_hertz{gpu=\"gpu0\"}") == "1000000000")
    #expect(sample(text, "mi50fan_gpu_busy_ratio{gpu=\"gpu0\"}") == "0.37")
    #expect(sample(text, "mi50fan_power_watts{gpu=\"gpu \\\"1\\\"\"}") == "224.5")
    #expect(sample(text, "mi50fan_fan_rpm{fan=\"blower0\"}") == "2140")
    #expect(sample(text, "mi50fan_build_info{version=\"\(BuildInfo.version)\"}") == "1")
    #expect(sample(text, "mi50fan_tick_duration_seconds") == "0.000123")
    #expect(sample(text, "mi50fan_throttle{gpu=\"gpu \\\"1\\\"\",reason=\"junction\"}") == "1")
    #expect(sample(text, "mi50fan_throttle{gpu=\"gpu0\",reason=\"junction\"}") == "0")
    #expect(sample(text, "mi50fan_sensor_up{gpu=\"gpu \\\"1\\\"\",sensor=\"junction\"}") == "0")
    #expect(sample(text, "mi50fan_temperature_critical_celsius{gpu=\"gpu0\",sensor=\"junction\"}") == "110")
    #expect(sample(text, "mi50fan_reload_failed") == "1")
    #expect(!text.contains("_mhz"))
}

@Test("sample values: whole numbers bare, fractions to six decimals in their shortest spelling, NaN and infinities as Prometheus spells them",
      arguments: [(27.7 / 100, "0.277"), (0.1 + 0.2, "0.3"), (2140, "2140"), (-3, "-3"), (1e-9, "0"), (0.9999999, "1"),
                  (1725e6, "1725000000"), (.nan, "NaN"), (.infinity, "+Inf"), (-.infinity, "-Inf"), (61.25, "61.25")])
func metricNumbers(value: Double, text: String) {
    #expect(MetricsFile.number(value) == text)
}

@Test("promtool accepts the textfile the renderer writes")
func promtoolChecksMetrics() throws {
    let text = MetricsFile.render(everyMetricStatus(), tickSeconds: 0.0004)
    let result = try Promtool.run(["check", "metrics"], input: text)
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "promtool's lint findings: \(result.output)")
}

@Test("promtool check metrics is a real check: it refuses a counter without _total")
func promtoolRefusesBadMetrics() throws {
    let bad = "# HELP mi50fan_events Events.\n# TYPE mi50fan_events counter\nmi50fan_events 3\n"
    let result = try Promtool.run(["check", "metrics"], input: bad)
    #expect(result.status != 0)
}
