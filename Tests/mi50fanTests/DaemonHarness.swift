import Foundation
import TestSupport
@testable import Simulator

#if canImport(Glibc)
import Glibc
#endif

/// A virtual MI50 (or several) on disk and the real daemon running against it as a separate
/// process, talking to a stand-in systemd notify socket.
final class DaemonHarness {
    let root: String
    let machine: VirtualMI50Machine
    var card: VirtualMI50 { machine.cards[0] }
    let notify: NotifySocket
    var process: Process?
    var stderr = Pipe()

    var configPath: String { SimulatedMachine.configPath(root: root) }
    var statusPath: String { root + "/run/mi50fan/status.json" }
    var chip: String { root + "/sys/devices/platform/nct6775.656/hwmon/hwmon2" }
    var gpuHwmon: String { card.layout.gpuHwmonPath }

    init(faults: [ScheduledFault] = []) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-daemon-\(UUID().uuidString)").path
        machine = VirtualMI50Machine(root: root, cards: 1, profile: .idle, seed: 2, faults: faults)
        machine.build()
        machine.advance(by: 1)
        try SimulatedMachine.writeConfig(root: root, curve: "mi50-blower-balanced", curveText: nil, interval: "100ms")
        notify = try NotifySocket()
    }

    /// `cards` virtual cards at idle, and `config` as the daemon's config (`ROOT` in it stands
    /// for the machine's root directory).
    init(cards: Int, config: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-daemon-\(UUID().uuidString)").path
        machine = VirtualMI50Machine(root: root, cards: cards, profile: .idle, seed: 2)
        machine.build()
        machine.advance(by: 1)
        try SimulatedMachine.writeConfig(root: root, curve: "mi50-blower-balanced", curveText: nil, cards: cards)
        try config.replacingOccurrences(of: "ROOT", with: root).write(toFile: SimulatedMachine.configPath(root: root), atomically: true, encoding: .utf8)
        notify = try NotifySocket()
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Starts the fan service as systemd does (`mi50fand`; `mi50fan run` with `viaCLI`) with a
    /// watchdog of `watchdogMilliseconds`.
    func start(watchdogMilliseconds: Int = 400, viaCLI: Bool = false) throws {
        let process = Process()
        process.executableURL = viaCLI ? mi50fanBinary : mi50fandBinary
        process.arguments = (viaCLI ? ["run"] : []) + ["--root", root, "--config", configPath]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["WATCHDOG_USEC"] = "\(watchdogMilliseconds * 1000)"
        environment.removeValue(forKey: "WATCHDOG_PID")
        process.environment = environment
        stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    /// Waits for a notify message matching `predicate`.
    @discardableResult
    func waitForNotify(timeout: Double = 15, _ predicate: (String) -> Bool) -> String? {
        notify.wait(timeout: timeout, for: predicate)
    }

    /// Sends a signal to the daemon.
    func signal(_ number: Int32) { if let process { kill(process.processIdentifier, number) } }

    /// Waits for the daemon to exit and returns its status and what it logged.
    func finish() -> (Int32, String) {
        guard let process else { return (-1, "") }
        process.waitUntilExit()
        let log = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, log)
    }

    func read(_ path: String) -> String {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }
}
