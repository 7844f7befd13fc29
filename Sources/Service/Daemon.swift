import ConfigFiles
import FanControl
import Foundation
import Hardware
import Logging
import UnixSignals

/// `mi50fan run`: the fan service. Loads and validates the config, takes control of every
/// output, ticks at the configured interval, and keeps going through sensor faults, device
/// renumbering, firmware taking a header back, suspend and resume, and config reloads.
public final class Daemon {
    /// Exit codes systemd's unit tells apart (`RestartPreventExitStatus=`).
    public enum ExitStatus: Int32 {
        case ok = 0
        case configInvalid = 78      // EX_CONFIG: restarting will not help
        case alreadyRunning = 75     // EX_TEMPFAIL
    }

    private let configPath: String
    private let root: SysfsRoot
    private let logger: Logger
    private let notifier: SystemdNotifier
    private var loop: ControlLoop!
    private var status: ServiceStatus!
    private var writtenStatus: ServiceStatus?
    private var lastStatusLine = ""
    /// The decisions the current status was built from.
    private var statusDecisions: [FanDecision] = []
    private var ready = false
    private var failSafeEvents: [String: Int] = [:]
    private var telemetryCache: [String: (GPUDevice, GPUTelemetry)] = [:]
    /// Per card: its files, kept open between telemetry refreshes.
    private var telemetryReaders: [String: CardTelemetryReader] = [:]
    private var ticks = 0

    /// Creates the daemon.
    public init(configPath: String, root: SysfsRoot, environment: [String: String], logger: Logger) {
        self.configPath = configPath
        self.root = root
        self.logger = logger
        self.notifier = SystemdNotifier(environment: environment)
    }

    /// Runs until SIGTERM or SIGINT; returns the exit status.
    public func run() async -> ExitStatus {
        let loaded: LoadedConfig
        switch ConfigLoader.load(path: configPath) {
        case .failure(let problems):
            for problem in problems.problems { logger.error("\(problem)") }
            logger.critical("refusing to start: \(problems.problems.count) problem(s) in the config; `mi50fan config check \(configPath)` lists them")
            notifier.status("refusing to start: the config has \(problems.problems.count) problem(s)")
            return .configInvalid
        case .success(let value): loaded = value
        }
        let stateDirectory = (loaded.config.statusFile as NSString).deletingLastPathComponent
        let lock: InstanceLock
        do { lock = try InstanceLock(directory: stateDirectory) } catch {
            logger.critical("\(error)")
            return .alreadyRunning
        }
        defer { withExtendedLifetime(lock) {} }

        install(loaded, inherited: OutputState.read(from: stateDirectory)?.outputs ?? [])
        status = ServiceStatus(pid: getpid(), started: Date().timeIntervalSince1970, config: configPath,
                               intervalSeconds: loaded.config.interval.seconds, cards: [], fans: [], faults: [],
                               reloadError: nil, failSafeEvents: [:])
        let events = AsyncStream<DaemonEvent>.makeStream()
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint, .sighup)
        let signalTask = Task {
            for await signal in signals {
                events.continuation.yield(signal == .sighup ? .reload : .stop(signal == .sigterm ? "SIGTERM" : "SIGINT"))
            }
        }
        let ticker = Ticker(interval: loaded.config.interval, watchdog: notifier.watchdogInterval, continuation: events.continuation)
        let tickerTask = Task { await ticker.run() }
        defer {
            signalTask.cancel()
            tickerTask.cancel()
        }

        var lastTick: (monotonic: Double, boot: Double)?
        for await event in events.stream {
            switch event {
            case .tick:
                let monotonic = clockSeconds(CLOCK_MONOTONIC), boot = clockSeconds(CLOCK_BOOTTIME)
                // Suspend stops the monotonic clock but not the boot clock: a gap between them
                // means the machine slept, and firmware resets pwm_enable on resume.
                if let lastTick, (boot - lastTick.boot) - (monotonic - lastTick.monotonic) > 2 {
                    logger.notice("resumed from suspend; taking the fans' control back")
                    log(loop.retakeControl())
                }
                lastTick = (monotonic, boot)
                tick(now: Timestamp(seconds: monotonic), stateDirectory: stateDirectory)
            case .watchdog:
                notifier.watchdog()
            case .reload:
                reload(stateDirectory: stateDirectory)
                await ticker.setInterval(loop.loaded.config.interval)
            case .stop(let signal):
                logger.notice("\(signal): giving the fans back")
                notifier.stopping()
                log(loop.release())
                OutputState.remove(from: stateDirectory)
                return .ok
            }
        }
        return .ok
    }

    private func install(_ loaded: LoadedConfig, inherited: [OutputRecord]) {
        for note in loaded.notes { logger.warning("\(note)") }
        let next = ControlLoop(loaded: loaded, root: root)
        var modes = loop?.savedModes ?? [:]
        for record in inherited { if let mode = record.savedMode, modes[record.identity] == nil { modes[record.identity] = mode } }
        next.inheritedModes = modes
        log(next.start())
        loop = next
        telemetryCache = [:]
        telemetryReaders = [:]
        statusDecisions = []
    }

    private func tick(now: Timestamp, stateDirectory: String) {
        let report = loop.tick(now: now)
        log(report.events)
        for (index, entered) in report.enteredFailSafe.enumerated() where entered {
            failSafeEvents[loop.loaded.config.fans[index].name, default: 0] += 1
        }
        if ticks % max(1, Int(5 / loop.loaded.config.interval.seconds)) == 0 || telemetryCache.isEmpty { refreshTelemetry() }
        ticks += 1
        status.failSafeEvents = failSafeEvents
        status = StatusBuilder(loaded: loop.loaded).build(report: report, loop: loop, telemetry: telemetryCache, base: status,
                                                          previousDecisions: statusDecisions)
        statusDecisions = report.decisions
        let changed = status != writtenStatus
        writeStatus(stateDirectory: stateDirectory)
        if let metrics = loop.loaded.config.metricsDirectory {
            let seconds = clockSeconds(CLOCK_MONOTONIC) - now.seconds
            do { try AtomicFile.write(MetricsFile.render(status, tickSeconds: seconds), to: metrics + "/mi50fan.prom", durable: false) } catch {
                logger.warning("\(error)")
            }
        }
        let line = changed ? statusLine() : lastStatusLine
        if !ready && loop.allOutputsControlled {
            ready = true
            do { try OutputState(pid: getpid(), outputs: loop.outputRecords).write(to: stateDirectory) } catch {
                logger.error("cannot record the outputs for `mi50fan release`: \(error)")
            }
            notifier.ready(status: line)
            logger.notice("running: \(line)")
            let released = StartupPages.release()
            logger.debug("released \(released) kB of startup code")
        } else if line != lastStatusLine {
            notifier.status(line)
        }
        lastStatusLine = line
        if loop.allOutputsControlled { notifier.watchdog() }
    }

    private func refreshTelemetry() {
        var devices: [GPUDevice]?
        for gpu in loop.loaded.config.gpus {
            // Discovery walks /sys: only when the card is new or its hwmon went away.
            var device = telemetryCache[gpu.name]?.0
            if device == nil || device?.hwmonPath.map({ !root.exists($0) }) ?? true {
                devices = devices ?? GPUDiscovery(root: root).scan()
                device = try? GPUDiscovery.find(gpu.match, in: devices!).get()
            }
            guard let device else {
                telemetryCache[gpu.name] = nil
                telemetryReaders[gpu.name] = nil
                continue
            }
            if telemetryReaders[gpu.name]?.device != device {
                telemetryReaders[gpu.name] = CardTelemetryReader(root: root, device: device)
            }
            telemetryCache[gpu.name] = (device, telemetryReaders[gpu.name]!.read())
        }
    }

    private func reload(stateDirectory: String) {
        notifier.reloading(status: "reloading \(configPath)")
        switch ConfigLoader.load(path: configPath) {
        case .failure(let problems):
            for problem in problems.problems { logger.error("reload: \(problem)") }
            let message = "reload failed: \(problems.problems.count) problem(s) in \(configPath); still running the previous config"
            logger.error("\(message)")
            status.reloadError = message
            writeStatus(stateDirectory: stateDirectory)
            notifier.reloaded(status: message)
        case .success(let loaded):
            let old = loop!
            install(loaded, inherited: [])
            let kept = Set(loop.outputIdentities.compactMap { $0 })
            log(old.release(keeping: kept))
            status.reloadError = nil
            status.config = configPath
            status.intervalSeconds = loaded.config.interval.seconds
            do { try OutputState(pid: getpid(), outputs: loop.outputRecords).write(to: stateDirectory) } catch {
                logger.error("cannot record the outputs: \(error)")
            }
            logger.notice("reloaded \(configPath)")
            let released = StartupPages.release()
            logger.debug("released \(released) kB of reload code")
            notifier.reloaded(status: statusLine())
        }
    }

    /// Writes the status file when a value in it changed.
    private func writeStatus(stateDirectory: String) {
        guard status != writtenStatus else { return }
        do {
            try AtomicFile.write(StatusJSON.render(status), to: loop.loaded.config.statusFile, durable: false)
            writtenStatus = status
        } catch {
            logger.warning("\(error)")
        }
    }

    /// One line for `systemctl status`.
    private func statusLine() -> String {
        let fans = status.fans.map { "\($0.name) \(Int($0.dutyPercent.rounded()))%\($0.mode == "curve" ? "" : " " + $0.mode)" }
        let temperatures = status.cards.compactMap { card in card.temperatures["junction"].map { "\(card.name) junction \(Int($0.rounded()))°C" } }
        var line = (temperatures + fans).joined(separator: ", ")
        if let error = status.reloadError { line += "; " + error }
        return line.isEmpty ? "starting" : line
    }

    private func log(_ events: [LoopEvent]) {
        for event in events {
            switch event.level {
            case .info: logger.info("\(event.message)")
            case .notice: logger.notice("\(event.message)")
            case .warning: logger.warning("\(event.message)")
            case .error: logger.error("\(event.message)")
            }
        }
    }
}

/// What wakes the daemon.
enum DaemonEvent: Sendable {
    case tick, watchdog, reload
    case stop(String)
}

/// Yields ticks at the control interval and watchdog pings at half the watchdog timeout.
actor Ticker {
    private var interval: TimeSpan
    private let watchdog: Duration?
    private let continuation: AsyncStream<DaemonEvent>.Continuation

    init(interval: TimeSpan, watchdog: Duration?, continuation: AsyncStream<DaemonEvent>.Continuation) {
        self.interval = interval
        self.watchdog = watchdog
        self.continuation = continuation
    }

    func setInterval(_ value: TimeSpan) { interval = value }

    func run() async {
        let clock = SuspendingClock()
        var nextTick = clock.now
        var nextPing = watchdog.map { clock.now + $0 }
        while !Task.isCancelled {
            let now = clock.now
            if now >= nextTick {
                continuation.yield(.tick)
                nextTick = nextTick + .milliseconds(Int64(interval.seconds * 1000))
                if nextTick < now { nextTick = now + .milliseconds(Int64(interval.seconds * 1000)) }
            }
            if let ping = nextPing, let watchdog, now >= ping {
                continuation.yield(.watchdog)
                nextPing = now + watchdog
            }
            let wake = min(nextTick, nextPing ?? nextTick)
            try? await Task.sleep(until: wake, clock: clock)
        }
    }
}

