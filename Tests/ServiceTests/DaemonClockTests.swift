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

    var statusPath: String { machine.rootPath + "/run/mi50fan/status.json" }

    /// The status file's inode: the daemon replaces the file by rename, so each write makes a
    /// new one (the one before is still there when the next is made).
    func statusInode() -> UInt64? {
        var info = stat()
        return stat(statusPath, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    /// The modification time of `path`, seconds since 1970 (0 when it is missing).
    func modificationTime(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_mtim.tv_sec) : 0
    }

    /// Sets both modification times of `path` to `age` seconds ago.
    func age(_ path: String, by age: Int) {
        let then = timespec(tv_sec: time(nil) - age, tv_nsec: 0)
        var times = [then, then]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
    }

    /// A file of the card's hwmon directory or the fan chip's.
    func cardFile(_ name: String) -> String { machine.cards[0].layout.gpuHwmonPath + "/" + name }
    func chipFile(_ name: String) -> String { machine.cards[0].layout.chipPath + "/" + name }

    /// The card's temperature `sensor` as its file shows it, °C.
    func temperature(_ sensor: SimulatedSensor) throws -> Double {
        let text = try String(contentsOfFile: cardFile("temp\(sensor.index)_input"), encoding: .utf8)
        return Double(text.trimmingCharacters(in: .whitespacesAndNewlines)).map { $0 / 1000 } ?? .nan
    }

    func setTemperature(_ sensor: SimulatedSensor, _ celsius: Double) throws {
        try "\(Int(celsius * 1000))\n".write(toFile: cardFile("temp\(sensor.index)_input"), atomically: false, encoding: .utf8)
    }

    /// Moves the clocks by `seconds` and completes a tick.
    func tick(after seconds: Double) async -> Bool {
        clock.advance(monotonic: seconds, boot: seconds)
        return await tickCompletes()
    }

    /// The card and the fan as the status file shows them.
    func shown() throws -> (card: [String: Any], fan: [String: Any]) {
        let status = try statusJSON()
        return ((status["cards"] as? [[String: Any]])?.first ?? [:], (status["fans"] as? [[String: Any]])?.first ?? [:])
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

// The status file's pacing: readings at most every 5 s, state at once (StatusPacing).
extension DaemonClockTests {
    /// Ticks until the fan's duty settles after the start kick.
    private func settle(_ service: DaemonUnderTest) async {
        #expect(await service.tickCompletes())
        for _ in 0..<12 { #expect(await service.tick(after: 1)) }
    }

    /// Moves the HBM reading by a degree and ticks until the status file is written with it
    /// (the next readings tick, within 6 s); returns the new reading.
    private func moveMemUntilWritten(_ service: DaemonUnderTest) async throws -> Double {
        let mem = try service.temperature(.mem) + 1
        try service.setTemperature(.mem, mem)
        let written = service.statusInode()
        for _ in 0..<6 where service.statusInode() == written { #expect(await service.tick(after: 1)) }
        #expect(service.statusInode() != written, "a moved reading is written within 6 s")
        return mem
    }

    @Test("a change of readings alone is written on the next readings tick, 5 s after the last, not before; the heartbeat keeps `status` fresh and healthy meanwhile")
    func readingsWaitFiveSeconds() async throws {
        let service = try await DaemonUnderTest()
        await settle(service)
        var mem = try await moveMemUntilWritten(service)
        let written = service.statusInode()
        mem += 1
        try service.setTemperature(.mem, mem)
        // As if both files had stood still for a minute: only a beat of the heartbeat (the
        // pointer, touched every 2.5 s) can show the service alive while the readings wait.
        service.age(ServicePointer.path(in: service.stateDirectory), by: 60)
        for second in 1...4 {
            service.age(service.statusPath, by: 60)
            #expect(await service.tick(after: 1))
            #expect(service.statusInode() == written, "a reading alone is held back \(second) s after the last write")
        }
        let finding = ServiceProbe(stateDirectory: service.stateDirectory, requestedConfig: nil).probe(now: Date().timeIntervalSince1970)
        #expect(finding.service == .running(pid: getpid()), "the heartbeat proves the held-back service alive")
        let status = try #require(finding.status)
        #expect(StatusHealth.problems(finding, status: status).isEmpty, "`mi50fan status` exits 0")
        #expect(try service.shown().card["temperatures"].flatMap { $0 as? [String: Double] }?["mem"] == mem - 1)
        #expect(await service.tick(after: 1))
        #expect(service.statusInode() != written, "written 5 s after the last write")
        #expect(try service.shown().card["temperatures"].flatMap { $0 as? [String: Double] }?["mem"] == mem)
        #expect(await service.stop())
    }

    @Test("the card's power is read on the readings ticks, 5 s apart, and written with the temperatures: a change shows on the next readings tick, in the same write, not before")
    func telemetryOnReadingsTicks() async throws {
        let service = try await DaemonUnderTest()
        await settle(service)
        var mem = try await moveMemUntilWritten(service)
        let written = service.statusInode()
        let power = try #require(service.shown().card["powerWatts"] as? Double)
        try "\(Int(power + 40) * 1_000_000)\n".write(toFile: service.cardFile("power1_input"), atomically: false, encoding: .utf8)
        mem += 1
        try service.setTemperature(.mem, mem)
        for second in 1...4 {
            #expect(await service.tick(after: 1))
            #expect(service.statusInode() == written, "power and a temperature alone are held back \(second) s after the readings tick")
        }
        #expect(await service.tick(after: 1))
        #expect(service.statusInode() != written, "the next readings tick writes both")
        let card = try service.shown().card
        #expect(card["powerWatts"] as? Double == Double(Int(power + 40)))
        #expect((card["temperatures"] as? [String: Double])?["mem"] == mem)
        #expect(await service.stop())
    }

    @Test("a status file that could not be written is written on the first tick it can be, not held for the next readings tick; the pointer says why meanwhile")
    func unwrittenStatusRetriedEachTick() async throws {
        let service = try await DaemonUnderTest()
        await settle(service)
        let directory = service.machine.rootPath + "/run/mi50fan"
        let written = service.statusInode()
        // The status file's directory becomes a plain file: no write can go there.
        #expect(rename(directory, directory + ".away") == 0)
        #expect(FileManager.default.createFile(atPath: directory, contents: Data()))
        try service.setTemperature(.mem, try service.temperature(.mem) + 1)
        for _ in 0..<6 where ServicePointer.read(from: service.stateDirectory)?.statusFileError == nil {
            #expect(await service.tick(after: 1))
        }
        #expect(ServicePointer.read(from: service.stateDirectory)?.statusFileError != nil, "the pointer says the status file cannot be written")
        // The directory comes back one tick after the failed readings tick: that tick writes.
        #expect(unlink(directory) == 0)
        #expect(rename(directory + ".away", directory) == 0)
        #expect(service.statusInode() == written)
        #expect(await service.tick(after: 1))
        #expect(service.statusInode() != written, "written on the first tick it can be")
        #expect(ServicePointer.read(from: service.stateDirectory)?.statusFileError == nil)
        #expect(await service.stop())
    }

    @Test("the heartbeat moves every 2.5 s of a 1 s loop, not on every tick: the pointer is left alone on the tick after a beat and touched again within three")
    func heartbeatPaced() async throws {
        let service = try await DaemonUnderTest()
        await settle(service)
        let pointer = ServicePointer.path(in: service.stateDirectory)
        #expect(ServicePointer.beatInterval(intervalSeconds: 1) == 2.5)
        /// Seconds since the later of the pointer's and the status file's modification times.
        func heartbeatAge() -> Int { Int(time(nil)) - max(service.modificationTime(pointer), service.modificationTime(service.statusPath)) }
        for round in 1...3 {
            service.age(pointer, by: 60)
            service.age(service.statusPath, by: 60)
            var ticks = 0
            while heartbeatAge() > 5 && ticks < 4 {
                #expect(await service.tick(after: 1))
                ticks += 1
            }
            #expect(heartbeatAge() <= 5, "round \(round): a beat within three ticks of 1 s (it took \(ticks))")
            #expect(ticks <= 3)
            // The tick after a beat leaves the pointer alone.
            service.age(pointer, by: 60)
            #expect(await service.tick(after: 1))
            #expect(Int(time(nil)) - service.modificationTime(pointer) >= 59, "round \(round): no beat 1 s after the last")
        }
        #expect(await service.stop())
    }

    @Test("a duty change, a stall, a sensor fault with fail-safe and its end are each written on the tick they happen, within 5 s of the last write")
    func stateAtOnce() async throws {
        let service = try await DaemonUnderTest()
        await settle(service)
        try service.setTemperature(.junction, try service.temperature(.junction) + 30)
        // The duty rises with the hot junction, written on that tick.
        let before = (service.statusInode(), try service.shown().fan["dutyPercent"] as? Double)
        #expect(await service.tick(after: 0.5))
        let duty = try service.shown().fan["dutyPercent"] as? Double
        #expect(duty != before.1 && service.statusInode() != before.0, "duty \(before.1 ?? -1)% -> \(duty ?? -1)% written at once")
        #expect((try service.shown().fan["dutyPercent"] as? Double ?? 0) > 40, "driven above its start duty")
        // Hot for the next steps: the duty holds (no reading-driven write can come either,
        // since every step ends within 5 s of a write).
        try "0\n".write(toFile: service.chipFile("fan2_input"), atomically: false, encoding: .utf8)
        var ticks = 0
        while try service.shown().fan["stalled"] as? Bool != true && ticks < 5 {
            #expect(await service.tick(after: 0.5))
            ticks += 1
        }
        #expect(try service.shown().fan["stalled"] as? Bool == true, "the stall is written on the fifth tick at 0 RPM, 2.5 s after a write")
        #expect(ticks == 5)
        try "1800\n".write(toFile: service.chipFile("fan2_input"), atomically: false, encoding: .utf8)
        #expect(await service.tick(after: 0.5))
        #expect(try service.shown().fan["stalled"] as? Bool == false, "a stall's end at once")
        // The HBM sensor vanishes: its fault and the fan's fail-safe on the next tick.
        let mem = try service.temperature(.mem)
        try FileManager.default.removeItem(atPath: service.cardFile("temp3_input"))
        #expect(await service.tick(after: 0.5))
        var shown = try service.shown()
        #expect((shown.card["faults"] as? [String: String])?["mem"] != nil, "the sensor fault at once")
        #expect(shown.fan["mode"] as? String == "fail-safe", "fail-safe at once")
        try service.setTemperature(.mem, mem)
        for _ in 0..<2 {
            #expect(await service.tick(after: 0.5))
            shown = try service.shown()
            #expect(shown.fan["mode"] as? String == "fail-safe", "recovering takes 3 good readings")
            #expect((shown.card["faults"] as? [String: String])?["mem"] == nil, "the fault clears at once")
        }
        #expect(await service.tick(after: 0.5))
        #expect(try service.shown().fan["mode"] as? String != "fail-safe", "leaving fail-safe at once")
        #expect(await service.stop())
    }
}
