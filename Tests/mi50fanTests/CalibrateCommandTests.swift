import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A virtual card served in (fast) real time by `mi50fan simulate --serve`, for commands that
/// wait on the hardware as a user's would.
final class ServedCard {
    let root: String
    let process = Process()
    var config: String { root + "/etc/mi50fan/config.yaml" }
    var header: String { root + "/sys/devices/platform/nct6775.656/hwmon/hwmon2/pwm2" }

    init(speed: Int = 20, profile: String = "idle") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-served-\(UUID().uuidString)").path
        process.executableURL = mi50fanBinary
        process.arguments = ["simulate", "--serve", "--root", root, "--speed", "\(speed)", "--profile", profile, "--duration", "2h"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // The card announces itself once its tree and config are written.
        _ = output.fileHandleForReading.availableData
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: root)
    }

    func read(_ path: String) -> String { ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
}

@Test("calibrate finds the stop and start duty and the tach, saves them, and puts the header back")
func calibrate() throws {
    let card = try ServedCard()
    let result = try runMI50Fan(["calibrate", "--root", card.root, "--config", card.config, "--fan", "blower",
                                 "--settle", "0.5s", "--step", "10%", "--yes"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("tach: fan2_input follows this header"))
    #expect(result.stdout.contains("stops below 20%; recommended min_duty 30%"))
    #expect(result.stdout.contains("starts from standstill at 20%; recommended start_duty 30%"))
    #expect(card.read(card.config).contains("limits: {min_duty: 30%, start_duty: 30%, kick_time: 2s}"))
    #expect(card.read(card.header) == "102")
    #expect(card.read(card.header + "_enable") == "5")
}

@Test("a calibration interrupted half-way leaves the header where it was")
func calibrateInterrupted() throws {
    let card = try ServedCard()
    let process = Process()
    process.executableURL = mi50fanBinary
    process.arguments = ["calibrate", "--root", card.root, "--config", card.config, "--fan", "blower", "--settle", "0.5s", "--step", "10%"]
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    var seen = ""
    while !seen.contains("  80%") {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        seen += String(decoding: chunk, as: UTF8.self)
    }
    #expect(card.read(card.header + "_enable") == "1", "calibration has the header in manual mode")
    kill(process.processIdentifier, SIGINT)
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    #expect(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("interrupted"))
    #expect(card.read(card.header) == "102")
    #expect(card.read(card.header + "_enable") == "5")
    #expect(!card.read(card.config).contains("min_duty: 30%"), "nothing saved")
}

@Test("calibrate refuses while the card is hot, and for a fan without a header", arguments: [
    ("hot", "above 60 °C: let the card cool"), ("gpio", "only motherboard PWM headers"),
])
func calibrateRefuses(kind: String, message: String) throws {
    let card = try ServedCard()
    if kind == "hot" {
        card.process.terminate()
        card.process.waitUntilExit()
        try "75000\n".write(toFile: card.root + "/sys/devices/pci0000:40/0000:40:03.1/0000:44:00.0/hwmon/hwmon1/temp2_input", atomically: false, encoding: .utf8)
    } else {
        let config = card.read(card.config).replacingOccurrences(of: "hwmon: {chip: nct6798, pwm: 2}", with: "gpio: {chip: gpiochip0, line: 3}")
        try config.write(toFile: card.config, atomically: true, encoding: .utf8)
    }
    let result = try runMI50Fan(["calibrate", "--root", card.root, "--config", card.config, "--fan", "blower", "--settle", "0.1s"])
    #expect(result.status == 1)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(card.read(card.header + "_enable") == "5", "nothing touched")
}

@Test("calibrate --thermal runs --load-command only while it measures, and stops everything the command started")
func calibrateThermalLoad() throws {
    let card = try ServedCard()
    let pids = card.root + "/load.pids"
    // The load records its shell and a child it leaves running, then waits on it.
    let load = "sleep 300 & echo $$ $! > \(pids); wait"
    let result = try runMI50Fan(["calibrate", "--root", card.root, "--config", card.config, "--fan", "blower",
                                 "--settle", "0.5s", "--step", "10%", "--thermal", "--window", "0.1s", "--load-command", load])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("steady junction under load:"), "\(result.stdout)")
    let started = card.read(pids).split(separator: " ").compactMap { pid_t($0) }
    #expect(started.count == 2, "the load ran")
    for pid in started { #expect(ProcessState.terminated(pid), "load process \(pid) was stopped with the calibration") }
    #expect(card.read(card.header) == "102")
}
