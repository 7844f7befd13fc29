import ConfigFiles
import FanControl
import Foundation
import Logging
import Service
import Simulator
import Synchronization
import Testing
import TestSupport

/// A ticker the test fires by hand: one tick per `fire()`, none otherwise.
private final class ManualTicker: DaemonTicker {
    private let action = Mutex<(@Sendable () -> Void)?>(nil)
    /// Signalled once the daemon's loop is waiting for ticks.
    let started = DispatchSemaphore(value: 0)

    func run(interval: TimeSpan, tick: @escaping @Sendable () -> Void) async {
        action.withLock { $0 = tick }
        started.signal()
        // Ticks come from fire(); this only waits for the daemon to cancel it.
        try? await Task.sleep(for: .seconds(86_400))
    }

    func setInterval(_ interval: TimeSpan) async {}

    func fire() { action.withLock { $0 }?() }
}

/// A clock the test sets; its next monotonic read can be made to hang, as a read stuck in a
/// driver would, until the test lets it go.
private final class ManualClock: DaemonClock {
    private let now = Mutex((monotonic: 0.0, boot: 0.0))
    private let gate = Mutex<DispatchSemaphore?>(nil)
    /// Signalled when a read reaches the hang.
    let hung = DispatchSemaphore(value: 0)

    func monotonic() -> Double {
        if let gate = gate.withLock({ value in defer { value = nil }; return value }) {
            hung.signal()
            gate.wait()
        }
        return now.withLock { $0.monotonic }
    }

    func boottime() -> Double { now.withLock { $0.boot } }

    /// Moves both clocks; a boot clock that moves further than the monotonic one is a suspend.
    func advance(monotonic: Double, boot: Double) {
        now.withLock { $0 = ($0.monotonic + monotonic, $0.boot + boot) }
    }

    /// Makes the next monotonic read hang; signal the returned semaphore to let it finish.
    func hangNextRead() -> DispatchSemaphore {
        let release = DispatchSemaphore(value: 0)
        gate.withLock { $0 = release }
        return release
    }
}

/// The daemon's log lines, kept for the test to read.
private final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

private struct CapturingLogHandler: LogHandler {
    let lines: LogLines
    var logLevel: Logger.Level = .debug
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) { lines.append("\(event.level) \(event.message)") }
}

/// Runs a blocking wait on a thread of its own, so the concurrency pool's few threads stay
/// free for the daemon under test.
private func offPool<T: Sendable>(_ wait: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: wait()) }
    }
}

/// The real daemon in this process against a virtual MI50, with its clock, ticker and
/// notification socket in the test's hands.
private final class DaemonUnderTest {
    let machine: VirtualMI50Machine
    let clock = ManualClock()
    let ticker = ManualTicker()
    let notify: NotifySocket
    let log = LogLines()
    let stateDirectory: String
    private let task: Task<Daemon.ExitStatus, Never>
    private let finished = DispatchSemaphore(value: 0)

    /// `extraFans`: fan entries appended to the simulated machine's config.
    init(extraFans: String = "") async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-daemon-clock-\(UUID().uuidString)").path
        machine = VirtualMI50Machine(root: root, cards: 1, profile: .idle, seed: 11)
        machine.build()
        machine.advance(by: 1)
        try SimulatedMachine.writeConfig(root: root, curve: "mi50-blower-balanced", curveText: nil)
        if !extraFans.isEmpty {
            let config = try String(contentsOfFile: SimulatedMachine.configPath(root: root), encoding: .utf8)
            try (config + extraFans).write(toFile: SimulatedMachine.configPath(root: root), atomically: true, encoding: .utf8)
        }
        stateDirectory = root + "/state"
        // The status file's directory, as the unit's RuntimeDirectory= makes it.
        try FileManager.default.createDirectory(atPath: root + "/run/mi50fan", withIntermediateDirectories: true)
        notify = try NotifySocket()
        let environment = ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "\(getpid())"]
        let lines = log
        let daemon = Daemon(configPath: SimulatedMachine.configPath(root: root), root: machine.root, stateDirectory: stateDirectory,
                            environment: environment, logger: Logger(label: "test") { _ in CapturingLogHandler(lines: lines) },
                            clock: clock, ticker: ticker, trapsSignals: false)
        let finished = self.finished
        task = Task {
            let status = await daemon.run()
            finished.signal()
            return status
        }
        let started = ticker.started
        #expect(await offPool { started.wait(timeout: .now() + 20) } == .success, "the daemon started its loop")
    }

    deinit {
        task.cancel()
        try? FileManager.default.removeItem(atPath: machine.rootPath)
    }

    /// The first notification satisfying `predicate` within `timeout` seconds, or nil.
    func notification(within timeout: Double, _ predicate: @escaping @Sendable (String) -> Bool) async -> String? {
        let notify = self.notify
        return await offPool { notify.wait(timeout: timeout, for: predicate) }
    }

    /// Fires one tick and waits for the watchdog ping that only a completed tick sends.
    func tickCompletes() async -> Bool {
        ticker.fire()
        return await notification(within: 20) { $0.contains("WATCHDOG=1") } != nil
    }

    /// Stops the daemon as SIGTERM does (here: by cancelling its task) and waits for it.
    func stop() async -> Bool {
        task.cancel()
        let finished = self.finished
        return await offPool { finished.wait(timeout: .now() + 20) } == .success
    }

    /// The status file the daemon writes.
    func statusJSON() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: machine.rootPath + "/run/mi50fan/status.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func header(_ file: String) -> String {
        ((try? String(contentsOfFile: machine.cards[0].layout.chipPath + "/" + file, encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// One at a time: a hung tick holds one of the pool's threads.
@Suite(.serialized)
struct DaemonClockTests {
    @Test("the watchdog is pinged from a completed tick only: while a tick hangs in a read, ticks keep coming and no ping goes out")
    func watchdogOnlyFromCompletedTicks() async throws {
        let service = try await DaemonUnderTest()
        #expect(await service.tickCompletes())
        let release = service.clock.hangNextRead()
        service.ticker.fire()
        let hung = service.clock.hung
        #expect(await offPool { hung.wait(timeout: .now() + 20) } == .success, "the tick reached the hanging read")
        service.ticker.fire()
        service.ticker.fire()
        #expect(await service.notification(within: 1.5) { $0.contains("WATCHDOG=1") } == nil, "no ping while the loop hangs")
        release.signal()
        #expect(await service.notification(within: 20) { $0.contains("WATCHDOG=1") } != nil, "the tick completes and pings")
        #expect(await service.stop())
    }

    @Test("READY is sent after the first completed tick, with the header held and its record on disk; a stop gives it back")
    func readyAfterFirstTick() async throws {
        let service = try await DaemonUnderTest()
        service.ticker.fire()
        #expect(await service.notification(within: 20) { $0.contains("READY=1") } != nil)
        #expect(service.header("pwm2_enable") == "1")
        #expect(FileManager.default.fileExists(atPath: service.stateDirectory + "/outputs.json"))
        #expect(await service.stop())
        #expect(service.header("pwm2_enable") != "1", "the firmware's mode is given back")
        #expect(!FileManager.default.fileExists(atPath: service.stateDirectory + "/outputs.json"), "nothing left for release")
    }

    @Test("a boot clock that ran on while the monotonic clock stood still is a resume: the fans are taken back once")
    func resumeFromSuspendRetakes() async throws {
        let service = try await DaemonUnderTest()
        #expect(await service.tickCompletes())
        service.clock.advance(monotonic: 1, boot: 1)
        #expect(await service.tickCompletes())
        #expect(!service.log.all.contains { $0.contains("resumed from suspend") }, "no resume without a gap")
        let takenBefore = service.log.all.filter { $0.contains("took control") }.count
        // The machine slept for a minute; firmware gave the header back to its own curve.
        try "5\n".write(toFile: service.machine.cards[0].layout.chipPath + "/pwm2_enable", atomically: false, encoding: .utf8)
        service.clock.advance(monotonic: 1, boot: 61)
        #expect(await service.tickCompletes())
        #expect(service.log.all.filter { $0.contains("resumed from suspend") }.count == 1)
        #expect(service.log.all.filter { $0.contains("took control") }.count == takenBefore + 1)
        #expect(service.header("pwm2_enable") == "1")
        service.clock.advance(monotonic: 1, boot: 1)
        #expect(await service.tickCompletes())
        #expect(service.log.all.filter { $0.contains("resumed from suspend") }.count == 1, "one resume, one retake")
        #expect(await service.stop())
    }

    @Test("a fan whose chip is missing does not hold READY back: READY on the first tick, the found blower at full speed, the missing fan named")
    func readyWithAMissingChip() async throws {
        let service = try await DaemonUnderTest(extraFans: """
              - name: rear
                output:
                  hwmon: {chip: it8628, pwm: 1}
                curve: mi50-blower-balanced
                sensors: [mi50.junction]

            """)
        service.ticker.fire()
        let ready = await service.notification(within: 20) { $0.contains("READY=1") }
        #expect(ready != nil, "READY although one chip is missing")
        #expect(service.header("pwm2_enable") == "1")
        #expect(service.header("pwm2") == "255", "the blower runs at its fail-safe duty (full) while another output is missing")
        #expect(service.log.all.contains { $0.hasPrefix("error") && $0.contains("rear") && $0.contains("not found") })
        let fans = try service.statusJSON()["fans"] as? [[String: Any]] ?? []
        #expect(fans.first { $0["name"] as? String == "rear" }?["mode"] as? String == "no output")
        #expect(await service.stop())
    }
}
