import Foundation
@testable import Service
import Testing

private let rulesDirectory = repositoryRoot.appendingPathComponent("contrib/prometheus").path
private let dashboardPath = repositoryRoot.appendingPathComponent("contrib/grafana/mi50fan.json").path

/// Every `mi50fan_...` name a text mentions.
private func referencedMetrics(_ text: String) -> Set<String> {
    var names: Set<String> = []
    var rest = Substring(text)
    while let start = rest.range(of: "mi50fan_") {
        let tail = rest[start.lowerBound...]
        let name = tail.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        names.insert(String(name))
        rest = tail.dropFirst(name.count)
    }
    return names
}

@Test("promtool accepts the alert rules")
func alertRulesCheck() throws {
    let result = try Promtool.run(["check", "rules", "mi50fan-rules.yml"], in: rulesDirectory)
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("SUCCESS"), "\(result.output)")
}

@Test("the alert rules fire on their input series and stay quiet otherwise (promtool test rules)")
func alertRulesUnitTests() throws {
    let result = try Promtool.run(["test", "rules", "mi50fan-rules.test.yml"], in: rulesDirectory)
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("SUCCESS"), "\(result.output)")
}

@Test("each alert the rules define has a test case")
func everyAlertTested() throws {
    let rules = try String(contentsOfFile: rulesDirectory + "/mi50fan-rules.yml", encoding: .utf8)
    let tests = try String(contentsOfFile: rulesDirectory + "/mi50fan-rules.test.yml", encoding: .utf8)
    let alerts = rules.split(separator: "\n").compactMap { line -> String? in
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix("- alert: ") ? String(trimmed.dropFirst("- alert: ".count)) : nil
    }
    #expect(alerts.count >= 6)
    for alert in alerts {
        #expect(tests.contains("alertname: \(alert)\n"), "\(alert) has no promtool test")
    }
}

@Test("every metric the rules and the dashboard use is one the service writes", arguments: [
    "contrib/prometheus/mi50fan-rules.yml", "contrib/prometheus/mi50fan-rules.test.yml", "contrib/grafana/mi50fan.json",
])
func referencedMetricsExist(file: String) throws {
    let written = metricNames(MetricsFile.render(everyMetricStatus(), tickSeconds: 0.001))
    let text = try String(contentsOfFile: repositoryRoot.appendingPathComponent(file).path, encoding: .utf8)
    let referenced = referencedMetrics(text)
    #expect(!referenced.isEmpty)
    #expect(referenced.subtracting(written).isEmpty, "\(file) uses metrics the service does not write: \(referenced.subtracting(written).sorted())")
}

@Test("the Grafana dashboard is valid JSON with per-card temperatures, duty, RPM, power, clocks and throttle reasons")
func grafanaDashboard() throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: dashboardPath))
    let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(dashboard["uid"] as? String == "mi50fan")
    let panels = try #require(dashboard["panels"] as? [[String: Any]])
    var expressions: [String] = []
    var ids: Set<Int> = []
    for panel in panels {
        let id = try #require(panel["id"] as? Int)
        #expect(ids.insert(id).inserted, "panel id \(id) is used twice")
        let targets = try #require(panel["targets"] as? [[String: Any]], "panel \(panel["title"] ?? id) has no queries")
        for target in targets { expressions.append(try #require(target["expr"] as? String)) }
    }
    for metric in ["mi50fan_temperature_celsius", "mi50fan_fan_duty_ratio", "mi50fan_fan_rpm", "mi50fan_power_watts",
                   "mi50fan_sclk_hertz", "mi50fan_mclk_hertz", "mi50fan_throttle"] {
        #expect(expressions.contains { $0.contains(metric + "{") }, "no panel shows \(metric)")
    }
    let perCard = expressions.filter { $0.contains("mi50fan_temperature_celsius{") }
    #expect(perCard.allSatisfy { $0.contains("gpu=~\"$gpu\"") }, "temperatures are per card")
    let variables = try #require((dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]])
    #expect(Set(variables.compactMap { $0["name"] as? String }) == ["instance", "gpu"])
}
