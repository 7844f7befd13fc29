import Foundation
@testable import Simulator
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Every file the user wrote, to prove none is changed by the daemon.
private func userFiles(_ harness: DaemonHarness) -> [String: String] {
    var files: [String: String] = [:]
    let directory = harness.root + "/etc/mi50fan"
    for name in (try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? [] {
        files[name] = try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }
    return files
}

/// Starts the daemon, waits for READY, runs `fault`, checks `expect` holds on a later status
/// line, then stops it and checks the user's files are untouched and the header given back.
private func scenario(_ name: String, configure: (String) -> String = { $0 }, fault: (DaemonHarness) throws -> Void,
                      until expected: @escaping (String) -> Bool, then check: (DaemonHarness) throws -> Void = { _ in }) throws -> String {
    let harness = try DaemonHarness()
    try harness.write(configure(harness.read(harness.configPath)) + "\n", to: harness.configPath)
    let before = userFiles(harness)
    try harness.start()
    guard harness.waitForNotify({ $0.contains("READY=1") }) != nil else {
        Issue.record("\(name): no READY")
        return ""
    }
    try fault(harness)
    #expect(harness.waitForNotify(expected) != nil, "\(name): the expected state never came")
    try check(harness)
    harness.signal(SIGTERM)
    let (code, log) = harness.finish()
    #expect(code == 0, "\(name): \(log)")
    #expect(userFiles(harness) == before, "\(name): nothing the user wrote changes")
    return log
}

private func failSafe(_ message: String) -> Bool { message.contains("blower 100% fail-safe") }

struct SensorFaultCase: Sendable, CustomTestStringConvertible {
    let name: String
    let content: String?     // nil: replaced by a directory, so every read fails
    let logged: String
    var testDescription: String { name }
}

@Test("a junction file that fails to read sends the fan to fail-safe, logged with the cause", arguments: [
    SensorFaultCase(name: "read error", content: nil, logged: "read failed (errno 21)"),
    SensorFaultCase(name: "empty", content: "", logged: "sensor file empty"),
    SensorFaultCase(name: "not a number", content: "N/A\n", logged: "sensor value not a number"),
    SensorFaultCase(name: "-273 °C", content: "-273150\n", logged: "implausible value -273.2"),
    SensorFaultCase(name: "300 °C", content: "300000\n", logged: "implausible value 300"),
])
func sensorFaults(_ example: SensorFaultCase) throws {
    let log = try scenario(example.name, fault: { harness in
        let file = harness.gpuHwmon + "/temp2_input"
        unlink(file)
        if let content = example.content { try harness.write(content, to: file) } else { mkdir(file, 0o755) }
    }, until: failSafe, then: { harness in
        #expect(harness.read(harness.chip + "/pwm2") == "255")
        #expect(harness.read(harness.statusPath).contains("\"mode\" : \"fail-safe\""))
    })
    #expect(log.contains(example.logged), "\(log)")
}

@Test("a junction frozen longer than frozen_after counts as failed; a change brings the curve back")
func frozenSensor() throws {
    let log = try scenario("frozen", configure: { $0.replacingOccurrences(of: "    sensors: [mi50.junction, mi50.mem]",
                                                                             with: "    sensors: [mi50.junction, mi50.mem]\n    fail_safe: {frozen_after: 1s, recover_after: 1}") },
                           fault: { _ in }, until: failSafe, then: { harness in
        for value in ["47000", "48000", "49000"] { try harness.write(value + "\n", to: harness.gpuHwmon + "/temp2_input") }
    })
    #expect(log.contains("value unchanged for"))
}

@Test("a PWM write that fails is logged and retried; the header is driven again once it works")
func pwmWriteFails() throws {
    let log = try scenario("write fails", fault: { harness in
        unlink(harness.chip + "/pwm2")
        mkdir(harness.chip + "/pwm2", 0o755)
        // Heat the card so the duty must change and a write is attempted.
        try harness.write("85000\n", to: harness.gpuHwmon + "/temp2_input")
    }, until: { $0.contains("junction 85°C") }, then: { harness in
        #expect(harness.waitForNotify(timeout: 10) { _ in harness.read(harness.chip + "/pwm2_enable") == "0" } != nil,
                "while the value cannot be written the header is left at pwm_enable 0: full speed")
        rmdir(harness.chip + "/pwm2")
        try harness.write("0\n", to: harness.chip + "/pwm2")
        // Watchdog pings arrive every 200 ms: each one is a chance to look at the header again.
        #expect(harness.waitForNotify(timeout: 10) { _ in harness.read(harness.chip + "/pwm2") != "0" } != nil,
                "the daemon writes the duty again once the file takes writes")
        #expect(harness.read(harness.chip + "/pwm2_enable") == "1", "manual again")
    })
    #expect(log.contains("pwm2: Is a directory"), "the failed write is logged with its cause")
    #expect(log.contains("writes succeed again"))
}

@Test("another writer changing the duty is noticed and undone")
func readbackDiffers() throws {
    _ = try scenario("readback", fault: { harness in
        try harness.write("7\n", to: harness.chip + "/pwm2")
    }, until: { _ in true }, then: { harness in
        #expect(harness.waitForNotify(timeout: 10) { _ in harness.read(harness.chip + "/pwm2") != "7" } != nil,
                "the duty someone else wrote is replaced")
    })
}

@Test("the Super I/O chip vanishing and coming back: found again and controlled")
func chipVanishes() throws {
    let log = try scenario("chip vanishes", fault: { harness in
        let link = harness.root + "/sys/class/hwmon/hwmon2"
        unlink(link)
        rename(harness.chip, harness.chip + "-gone")
        #expect(harness.waitForNotify(timeout: 5) { _ in harness.read(harness.statusPath).contains("no hwmon chip") } != nil)
        rename(harness.chip + "-gone", harness.chip)
        symlink("../../devices/platform/nct6775.656/hwmon/hwmon2", link)
    }, until: { $0.contains("STATUS=") && !$0.contains("no output") }, then: { harness in
        #expect(harness.read(harness.chip + "/pwm2_enable") == "1")
    })
    #expect(log.contains("unreadable"))
}

@Test("a fan reading 0 RPM at full duty is reported stalled")
func stalledFan() throws {
    _ = try scenario("stalled", fault: { harness in
        try harness.write("95000\n", to: harness.gpuHwmon + "/temp2_input")     // critical: 100%
        try harness.write("0\n", to: harness.chip + "/fan2_input")
    }, until: { _ in true }, then: { harness in
        #expect(harness.waitForNotify(timeout: 10) { _ in harness.read(harness.statusPath).contains("\"stalled\" : true") } != nil)
        #expect(harness.read(harness.statusPath).contains("at or above critical 95°C"), "the explanation follows the new decision")
        let status = try runMI50Fan(["status", "--root", harness.root, "--config", harness.configPath])
        #expect(status.status == 3, "status exits 3 for a stalled fan")
    })
}

@Test("SIGINT gives the header back like SIGTERM")
func sigint() throws {
    let harness = try DaemonHarness()
    try harness.start()
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    harness.signal(SIGINT)
    let (code, log) = harness.finish()
    #expect(code == 0)
    #expect(log.contains("SIGINT: giving the fans back"))
    #expect(harness.read(harness.chip + "/pwm2_enable") == "5")
}

@Test("a hung loop stops pinging the watchdog (so systemd kills it); pings resume when it runs again")
func hungLoop() throws {
    let harness = try DaemonHarness()
    try harness.start(watchdogMilliseconds: 400)
    #expect(harness.waitForNotify { $0.contains("READY=1") } != nil)
    #expect(harness.waitForNotify(timeout: 5) { $0 == "WATCHDOG=1" } != nil)
    harness.signal(SIGSTOP)
    while harness.notify.receive(timeout: 0.05) != nil {}   // drain what was already sent
    #expect(harness.notify.receive(timeout: 2) == nil, "no ping for 2 s: five times the ping interval")
    harness.signal(SIGCONT)
    #expect(harness.waitForNotify(timeout: 5) { $0 == "WATCHDOG=1" } != nil)
    harness.signal(SIGTERM)
    _ = harness.finish()
}
