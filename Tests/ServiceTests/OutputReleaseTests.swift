import ConfigFiles
import FanControl
import Foundation
import Hardware
@testable import Service
import Testing

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
private let channels = "sys/devices/platform/1c21400.pwm/pwm/pwmchip0"

/// The two-GPU fixture copied to a temporary directory, with channels 0 and 1 of its sysfs
/// PWM chip exported at duty 0.
private func fixtureWithPWMChannels() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-release-\(UUID().uuidString)").path
    let copy = Process()
    copy.executableURL = URL(fileURLWithPath: "/bin/cp")
    copy.arguments = ["-a", fixtures.appendingPathComponent("two-gpus-nct6798").path, path]
    try copy.run()
    copy.waitUntilExit()
    for channel in 0...1 {
        let directory = path + "/" + channels + "/pwm\(channel)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in ["period", "duty_cycle", "enable"] { try "0\n".write(toFile: directory + "/" + file, atomically: false, encoding: .utf8) }
    }
    return path
}

/// A config whose one fan drives `output` (a YAML flow mapping).
private func config(output: String) throws -> Config {
    let yaml = """
        version: 1
        gpus: [{name: mi50, pci_slot: "0000:43:00.0"}]
        fans:
          - name: blower
            output: \(output)
            curve: {points: [[40, 30%], [80, 100%]]}
            sensors: [mi50.junction]
        """
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-release-\(UUID().uuidString).yaml").path
    try yaml.write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    return try ConfigDecoder.decode(ConfigLoader.document(at: file).get()).get()
}

/// A config whose one fan is on channel `channel` of the fixture's PWM chip.
private func config(channel: Int) throws -> Config { try config(output: "{pwm: {chip: 1c21400.pwm, channel: \(channel)}}") }

/// A config whose one fan is on header `pwm` of the fixture's nct6798.
private func headerConfig(pwm: Int) throws -> Config { try config(output: "{hwmon: {chip: nct6798, pwm: \(pwm)}}") }

@Test("release drives a PWM channel the config names and refuses one a record alone names")
func releaseDrivesOnlyConfiguredChannels() throws {
    let path = try fixtureWithPWMChannels()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let records = [OutputRecord(kind: .pwm, fan: "blower", chip: "1c21400.pwm", index: 0),
                   OutputRecord(kind: .pwm, fan: "forged", chip: "1c21400.pwm", index: 1)]
    let results = OutputRelease.release(records, root: SysfsRoot(path), restoreFirmware: false, config: try config(channel: 0))
    #expect((try? results[0].get()) != nil, "the configured channel is released")
    #expect(try String(contentsOfFile: path + "/" + channels + "/pwm0/enable", encoding: .utf8).hasPrefix("1"))
    guard case .failure(let refusal) = results[1] else { Issue.record("a channel only the record names was driven"); return }
    #expect(refusal.reason.contains("config does not name"))
    for file in ["duty_cycle", "enable", "period"] {
        #expect(try String(contentsOfFile: path + "/" + channels + "/pwm1/" + file, encoding: .utf8) == "0\n", "pwm1/\(file) untouched")
    }
}

@Test("the release plan: a running service holds its outputs; a crash without a record, or a garbled record, falls back to the config")
func releasePlan() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-state-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let config = try config(channel: 0)
    #expect(OutputRelease.plan(stateDirectory: directory, config: config, serviceResult: "success", fromConfig: false)
            == .nothing("nothing to release: no outputs recorded in \(directory) (the service gave them back, or never held them)"))
    for result in ["signal", "watchdog", "exit-code", "core-dump"] {
        #expect(OutputRelease.plan(stateDirectory: directory, config: config, serviceResult: result, fromConfig: false)
                == .release([.configured(config.fans[0])], fromConfig: true))
    }
    // A record that is there but garbled: the config's outputs, even after a clean stop.
    for garbled in ["{\"pid\": 1, \"outputs\": [", "{\"pid\": 1, \"outputs\": {}}", "{\"pid\": 1, \"outputs\": [{\"savedMode\": 1e2}]}"] {
        try garbled.write(toFile: OutputState.path(in: directory), atomically: true, encoding: .utf8)
        #expect(OutputRelease.plan(stateDirectory: directory, config: config, serviceResult: nil, fromConfig: false)
                == .release([.configured(config.fans[0])], fromConfig: true), "\(garbled)")
    }
    let recorded = OutputRecord(kind: .hwmon, fan: "blower", chip: "nct6798", device: "platform/nct6775.656", index: 2, savedMode: 5)
    try OutputState(pid: 1, outputs: [recorded]).write(to: directory)
    #expect(OutputRelease.plan(stateDirectory: directory, config: config, serviceResult: "signal", fromConfig: false)
            == .release([recorded], fromConfig: false))
    let lock = try InstanceLock(directory: directory)
    guard case .nothing(let why) = OutputRelease.plan(stateDirectory: directory, config: config, serviceResult: "signal", fromConfig: false) else {
        Issue.record("release went ahead while the service holds the lock"); return
    }
    #expect(why.contains("the service is running"))
    withExtendedLifetime(lock) {}
}

@Test("release --restore believes a saved mode only for a header the config names and only within 0-5; any other header only goes to full speed",
      arguments: [(2, 5, "5"), (2, 99, "1"), (1, 5, "1"), (1, 99, "1")] as [(Int, Int, String)])
func restoreBelievesOnlyPlausibleModesOfNamedHeaders(_ header: Int, _ savedMode: Int, _ expectedMode: String) throws {
    let path = try fixtureWithPWMChannels()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let chip = path + "/sys/devices/platform/nct6775.656/hwmon/hwmon2"
    try "3\n".write(toFile: chip + "/pwm\(header)_enable", atomically: false, encoding: .utf8)
    try "60\n".write(toFile: chip + "/pwm\(header)", atomically: false, encoding: .utf8)
    let record = OutputRecord(kind: .hwmon, fan: "blower", chip: "nct6798", device: "platform/nct6775.656", index: header, savedMode: savedMode)
    let results = OutputRelease.release([record], root: SysfsRoot(path), restoreFirmware: true, config: try headerConfig(pwm: 2))
    #expect((try? results[0].get()) != nil)
    let mode = try String(contentsOfFile: chip + "/pwm\(header)_enable", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(mode == expectedMode)
    if expectedMode == "1" {
        #expect(try String(contentsOfFile: chip + "/pwm\(header)", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == "255", "full speed")
    }
}
