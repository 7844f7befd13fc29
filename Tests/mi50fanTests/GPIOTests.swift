import Foundation
import Testing
import TestSupport

/// Whether the gpiochip mock can run here (or must, under `MI50FAN_REQUIRE_ALL=1`).
let gpioMockRuns = MachineRequirement.runs(MachineRequirement.gpioMock)

/// Why the GPIO tests are skipped where they are.
let gpioMockMissing: Comment = "needs /usr/bin/python3 with python3-gi, gir1.2-umockdev-1.0 and umockdev (make deps installs them)"

/// Runs `mi50fan` against the emulated GPIO chip and returns its result and the mock's events.
private func underGPIOMock(_ arguments: [String]) throws -> (CommandResult, [String]) {
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-gpio-\(UUID().uuidString).log").path
    defer { try? FileManager.default.removeItem(atPath: log) }
    let mock = repositoryRoot.appendingPathComponent("Tests/Support/gpiochip-mock.py").path
    let result = try runTool("/usr/bin/python3", [mock, log, mi50fanBinary.path] + arguments)
    #expect(result.status != 77, "the gpiochip mock could not start: \(result.stderr)")
    let events = (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    return (result, events)
}

@Test("libgpiod drives a line for real: requested on (safe), switched, read back, released on", .enabled(if: gpioMockRuns, gpioMockMissing))
func switchLine() throws {
    let (result, events) = try underGPIOMock(["gpio", "gpiochip0", "3", "off"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("gpiochip0 line 3: set off, reads back off"))
    #expect(events == ["request [3] output=1 values=[1] consumer=mi50fan", "set line 3 = 0", "set line 3 = 1", "final 3=1"])
}

@Test("an active-low line is low while the fan runs", .enabled(if: gpioMockRuns, gpioMockMissing))
func activeLow() throws {
    let (result, events) = try underGPIOMock(["gpio", "gpiochip0", "5", "off", "--active-low"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(events.first == "request [5] output=1 values=[0] consumer=mi50fan")
    #expect(events.last == "final 5=0")
}

@Test("detect asks libgpiod for the chip's label and line count", .enabled(if: gpioMockRuns, gpioMockMissing))
func detectGPIOChip() throws {
    let (result, _) = try underGPIOMock(["detect", "--json"])
    struct Inventory: Decodable {
        struct Chip: Decodable { var name: String; var label: String; var lines: Int }
        var gpioChips: [Chip]
    }
    let inventory = try JSONDecoder().decode(Inventory.self, from: Data(result.stdout.utf8))
    #expect(inventory.gpioChips.map(\.label) == ["mi50fan-test-gpio"])
    #expect(inventory.gpioChips.first?.lines == 8)
}

@Test("a line the chip does not have is an error that says what to check", .enabled(if: gpioMockRuns, gpioMockMissing))
func badLine() throws {
    let (result, _) = try underGPIOMock(["gpio", "gpiochip0", "99", "on"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("GPIO gpiochip0 line 99"))
    #expect(result.stderr.contains("gpioinfo"))
}

/// What a service run under the gpiochip mock left: its exit status, its log and the mock's events.
private struct GPIOServiceRun {
    var status: Int32
    var stderr: String
    var events: [String]
}

/// Runs `mi50fan run` under the gpiochip mock with `fan` (a fan entry on line 3), waits for
/// READY, sends `reloads` SIGHUPs (each waited for), then SIGTERM. The mock's machine has no
/// card: the fan runs at its fail-safe duty.
private func runServiceUnderGPIOMock(fan: String, reloads: Int) throws -> GPIOServiceRun {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-gpio-service-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let config = directory + "/config.yaml"
    try """
        version: 1
        interval: 100ms
        status_file: \(directory)/status.json
        gpus:
          - name: mi50
            pci_slot: "0000:44:00.0"
        fans:
        \(fan)
        """.write(toFile: config, atomically: true, encoding: .utf8)
    let notify = try NotifySocket()
    let log = directory + "/gpio.log"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = [repositoryRoot.appendingPathComponent("Tests/Support/gpiochip-mock.py").path, log, mi50fanBinary.path,
                         "run", "--config", config, "--state-dir", directory + "/state"]
    var environment = ProcessInfo.processInfo.environment
    environment["NOTIFY_SOCKET"] = notify.path
    process.environment = environment
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    try process.run()
    defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    #expect(notify.wait(timeout: 15) { $0.contains("READY=1") } != nil, "ready with the line held")
    // A few ticks, so a software PWM has switched the line.
    for _ in 0..<3 { _ = notify.wait(timeout: 5) { $0.contains("WATCHDOG=1") || $0.contains("STATUS=") } }
    for _ in 0..<reloads {
        kill(process.processIdentifier, SIGHUP)
        #expect(notify.wait(timeout: 10) { $0.contains("READY=1") && $0.contains("STATUS=") } != nil, "the reload is done")
    }
    kill(process.processIdentifier, SIGTERM)
    if exited.wait(timeout: .now() + 15) == .timedOut {
        Issue.record("the service did not stop within 15 s of SIGTERM")
        kill(process.processIdentifier, SIGKILL)
    }
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let events = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
    return GPIOServiceRun(status: process.terminationStatus, stderr: stderr, events: events)
}

@Test("the service holds a GPIO fan line across reloads: requested once, never refused as busy, left on when it stops",
      .enabled(if: gpioMockRuns, gpioMockMissing))
func serviceKeepsGPIOLineAcrossReloads() throws {
    let run = try runServiceUnderGPIOMock(fan: """
          - name: blower
            output:
              gpio: {chip: mi50fan-test-gpio, line: 3}
            curve: {points: [[20, 30%], [80, 100%]]}
            sensors: [mi50.junction]

        """, reloads: 2)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.events.filter { $0.hasPrefix("request [3]") }.count == 1, "one request for the whole run: \(run.events)")
    #expect(!run.events.contains { $0.hasPrefix("busy") }, "\(run.events)")
    #expect(run.events.last == "final 3=1", "the fan is left on")
    #expect(!run.stderr.contains("busy"), "\(run.stderr)")
}

@Test("a software-PWM fan line switches while the service runs, and the release's on is the last write: the thread is joined first",
      .enabled(if: gpioMockRuns, gpioMockMissing))
func softwarePWMJoinedOnRelease() throws {
    let run = try runServiceUnderGPIOMock(fan: """
          - name: blower
            output:
              gpio: {chip: mi50fan-test-gpio, line: 3, pwm_frequency: 25Hz}
            curve: {points: [[20, 40%], [90, 100%]]}
            sensors: [mi50.junction]
            fail_safe: {duty: 60%}

        """, reloads: 1)
    #expect(run.status == 0, "\(run.stderr)")
    let writes = run.events.filter { $0.hasPrefix("set line 3 = ") }
    #expect(writes.contains("set line 3 = 0") && writes.contains("set line 3 = 1"), "the line was switched: \(run.events.prefix(20))")
    #expect(writes.last == "set line 3 = 1", "nothing lands after the release turns the line on")
    #expect(run.events.last == "final 3=1")
    #expect(!run.events.contains { $0.hasPrefix("busy") }, "a reload keeps the line and its thread")
}
