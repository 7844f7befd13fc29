import ConfigFiles
import FanControl
import Testing

private let goodConfig = """
    version: 1
    gpus:
      - name: mi50
        pci_slot: "0000:03:00.0"
    fans:
      - name: blower
        output:
          hwmon: {chip: nct6798, pwm: 2}
        curve: balanced
        sensors: [mi50.junction]

    """

private let goodCurve = """
    points:
      - [40, 25%]
      - [80, 100%]
    critical: 95

    """

struct BrokenCase: Sendable, CustomTestStringConvertible {
    let name: String
    let file: String
    let text: String
    /// Expected `line:column: message fragment`, each must appear.
    let expected: [String]
    var testDescription: String { name }
}

@Test("broken files are rejected with file, line, column and a fix", arguments: [
    BrokenCase(name: "points out of order", file: "curves/x.yaml", text: """
        points:
          - [40, 30%]
          - [75, 60%]
          - [70, 70%]
        """, expected: ["curves/x.yaml:4:5: points must rise in temperature: 70 after 75; put the points in order"]),
    BrokenCase(name: "duty falling", file: "curves/x.yaml", text: "points: [[40, 50%], [60, 40%]]\n",
               expected: [":1:21: duty must not fall as temperature rises: 40% at 60°C after 50% at 40°C"]),
    BrokenCase(name: "three points at one temperature", file: "c.yaml", text: "points: [[40, 10%], [40, 20%], [40, 30%]]\n",
               expected: [":1:32: three points at 40°C"]),
    BrokenCase(name: "a typo in a curve key", file: "c.yaml", text: "points: [[40, 30%]]\nhysterisis: {temperature: 3}\n",
               expected: [":2:1: unknown key `hysterisis` in curve `c`; did you mean `hysteresis`?"]),
    BrokenCase(name: "both points and levels", file: "c.yaml", text: "points: [[40, 30%]]\nlevels: [{duty: 0%}]\n",
               expected: ["has both `points` and `levels`"]),
    BrokenCase(name: "levels with a gap", file: "c.yaml", text: """
        levels:
          - {duty: 0%, upper: 50}
          - {duty: 100%, lower: 60}
        """, expected: [":3:5: level 2's lower 60°C is above level 1's upper 50°C"]),
    BrokenCase(name: "bare duty number", file: "c.yaml", text: "points: [[40, 30]]\n",
               expected: [":1:15: point duty `30` is not a duty from 0% to 100%; write a percentage like `35%`"]),
    BrokenCase(name: "millidegrees", file: "c.yaml", text: "points: [[45000, 30%]]\n",
               expected: ["point temperature 45000°C is outside -40...150 °C; write degrees Celsius, not millidegrees (45 for 45000)"]),
    BrokenCase(name: "below any plausible temperature", file: "c.yaml", text: "points: [[40, 30%]]\ncritical: -300\n",
               expected: [":2:11: critical -300°C is outside -40...150 °C; write a temperature from -40 to 150 degrees Celsius"]),
    BrokenCase(name: "every problem of a config at once", file: "config.yaml", text: """
        version: 1
        intervall: 2s
        gpus:
          - name: mi50
            pci_slot: "3:0.0"
        fans:
          - name: blower
            output: {hwmon: {chip: amdgpu, pwm: 1}}
            limits: {min_duty: 40%, max_duty: 30%}
            curve: balanced
            sensors: [mi50.junction]
        """, expected: [
            "config.yaml:2:1: unknown key `intervall` in the config; did you mean `interval`?",
            "config.yaml:5:15: pci_slot `3:0.0` is not a PCI address",
            "config.yaml:8:28: `amdgpu` has no fan output",
            "min_duty 40% is above max_duty 30%",
        ]),
    BrokenCase(name: "a sensor name with a typo", file: "config.yaml", text: goodConfig.replacingOccurrences(of: "mi50.junction", with: "mi50.junktion"),
               expected: ["config.yaml:10:15: no sensor `mi50.junktion`; did you mean `mi50.junction`?"]),
    BrokenCase(name: "feed-forward from a temperature", file: "config.yaml",
               text: goodConfig + "    feed_forward: {sensor: mi50.edge, threshold: 100W, gain: 0.2%/W}\n",
               expected: ["sensor `mi50.edge` measures temperature, not busy or power"]),
    BrokenCase(name: "a spike filter on a power sensor", file: "config.yaml",
               text: goodConfig + "    spike_filter: {base: mi50.power}\n",
               expected: ["sensor `mi50.power` measures power, not temperature"]),
    BrokenCase(name: "a spike filter on the junction", file: "config.yaml",
               text: goodConfig + "    spike_filter: {base: mi50.junction}\n",
               expected: ["the spike filter's base `mi50.junction` is not an edge sensor", "mi50.edge"]),
    BrokenCase(name: "a spike filter that filters nothing", file: "config.yaml",
               text: goodConfig + "    spike_filter: {base: mi50.edge, rise: 0s}\n",
               expected: ["config.yaml:11:43: a spike filter's rise under 1s filters nothing"]),
    BrokenCase(name: "a spike filter on a fan that follows another card", file: "config.yaml",
               text: goodConfig.replacingOccurrences(of: "fans:\n", with: "  - name: other\n    pci_slot: \"0000:04:00.0\"\nfans:\n")
                   .replacingOccurrences(of: "sensors: [mi50.junction]", with: "sensors: [mi50.junction, other.junction]")
                   + "    spike_filter: {base: mi50.edge}\n",
               expected: ["the spike filter reads card `mi50` but this fan also follows `other.junction`"]),
    BrokenCase(name: "a spike filter without a base", file: "config.yaml",
               text: goodConfig + "    spike_filter: {rise: 60s}\n",
               expected: ["add `base: mi50.edge`"]),
    BrokenCase(name: "a curve that does not exist", file: "config.yaml", text: goodConfig.replacingOccurrences(of: "curve: balanced", with: "curve: balancd"),
               expected: ["config.yaml:9:12: no curve `balancd`"]),
    BrokenCase(name: "two fans on one header", file: "config.yaml",
               text: goodConfig + goodConfig.split(separator: "\n").dropFirst(5).joined(separator: "\n").replacingOccurrences(of: "name: blower", with: "name: other") + "\n",
               expected: ["output `hwmon nct6798 pwm2` is configured twice"]),
    BrokenCase(name: "YAML syntax error", file: "config.yaml", text: "fans:\n  - name: x\n   bad: [\n",
               expected: ["config.yaml:3:4: YAML syntax"]),
    BrokenCase(name: "duplicate keys", file: "config.yaml", text: "version: 1\nversion: 1\n", expected: ["duplicate key `version`"]),
    BrokenCase(name: "neither config nor curve", file: "other.yaml", text: "hello: world\n",
               expected: ["other.yaml:1:1: neither a config nor a curve"]),
    BrokenCase(name: "an empty file", file: "empty.yaml", text: "", expected: ["empty.yaml:1:1: the file is empty"]),
])
func broken(_ example: BrokenCase) throws {
    let directory = try TemporaryDirectory()
    try directory.write("curves/balanced.yaml", goodCurve)
    let path = try directory.write(example.file, example.text)
    let (_, problems) = ConfigLoader.check(path: path, curvesDirectory: directory.path + "/curves")
    let text = problems.map(\.description).joined(separator: "\n")
    for fragment in example.expected {
        #expect(text.contains(fragment), "missing «\(fragment)» in:\n\(text)")
    }
    #expect(problems.allSatisfy { $0.location.file == path })
    #expect(problems.allSatisfy { !$0.fix.isEmpty }, "every problem says what to do")
}

@Test("the good config and curve pass, and the plan follows the config")
func goodFiles() throws {
    let directory = try TemporaryDirectory()
    try directory.write("curves/balanced.yaml", goodCurve)
    let path = try directory.write("config.yaml", goodConfig)
    let loaded = try ConfigLoader.load(path: path).get()
    #expect(loaded.plan.sensors.map(\.name) == ["mi50.junction", "mi50.power"])
    #expect(loaded.plan.sensors[0].load == 1)
    #expect(loaded.plan.fans.map(\.name) == ["blower"])
    #expect(loaded.config.gpus.first?.match == .pciSlot("0000:03:00.0"))
    #expect(loaded.plan.fans[0].selections[0].curve.critical == Temperature(celsius: 95))
}
