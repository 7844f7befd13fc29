import ConfigReading
import FanControl
import Glibc
import Hardware
import Logging
import StatusSchema
import UnixSignals

/// `mi50fan run`: the fan service. Loads and validates the config, takes control of every
/// output, ticks at the configured interval, and keeps going through sensor faults, device
/// renumbering, firmware taking a header back, suspend and resume, and config reloads.
public final class Daemon {
    /// Exit codes systemd's unit tells apart (`RestartPreventExitStatus=`).
    public enum ExitStatus: Int32, Sendable {
        case ok = 0
        case configInvalid = 78      // EX_CONFIG: restarting will not help
        case alreadyRunning = 75     // EX_TEMPFAIL
    }

    private let configPath: String
    private let root: SysfsRoot
    private let stateDirectory: String
    private let logger: Logger
    private let notifier: SystemdNotifier
    let clock: any DaemonClock
    private let ticker: any DaemonTicker
    private let trapsSignals: Bool
    private var loop: ControlLoop!
    private var status: ServiceStatus!
    private var writtenStatus: ServiceStatus?
    /// When the status file is written: state at once, readings alone every few seconds.
    private var statusPacing = StatusPacing()
    /// How the status may differ from the file's, besides a change on this tick.
    private var statusBacklog = StatusBacklog.unwritten
    /// Builds the status; made again on a reload.
    private var statusBuilder: StatusBuilder!
    /// Whether a tick builds the status again.
    private var statusRebuild = StatusRebuild()
    private var lastStatusLine = ""
    /// The decisions the current status was built from.
    private var statusDecisions: [FanDecision] = []
    private var ready = false
    private var failSafeEvents: [String: Int] = [:]
    /// The cards' telemetry, refreshed on every readings tick (see ``StatusPacing``).
    private var telemetry = CardTelemetryCache()
    /// When the heartbeat last moved (the status file written or the pointer touched), monotonic seconds.
    private var lastBeat: Double?
    /// The instance lock, held while the service runs.
    var lock: InstanceLock?
    /// The tick interval in effect (see ``tickInterval(_:)``).
    var interval = TimeSpan(seconds: 1)
    /// The clocks at the last tick, to tell a suspend from a slow tick.
    private var lastTick: (monotonic: Double, boot: Double)?
    /// The outputs last recorded for `mi50fan release`, and why recording failed, if it did.
    private var recorded: [OutputRecord]?
    /// `loop.outputChanges` when the records were last built (nil: build them on the next tick).
    private var recordedChanges: Int?
    private var recordError: String?
    /// Why the status file cannot be written, while it cannot.
    private var statusFileError: String?

    /// Creates the daemon. Its state (the instance lock, the record of held outputs) lives in
    /// `stateDirectory`, never in a place the config names. `clock` and `ticker` are the
    /// system's unless a test drives them; a daemon that does not trap signals (one run inside
    /// a test) stops when its task is cancelled, as it does on SIGTERM.
    public init(configPath: String, root: SysfsRoot, stateDirectory: String, environment: [String: String], logger: Logger,
                clock: any DaemonClock = SystemDaemonClock(), ticker: (any DaemonTicker)? = nil, trapsSignals: Bool = true) {
        self.trapsSignals = trapsSignals
        self.configPath = configPath
        self.root = root
        self.stateDirectory = stateDirectory
        self.logger = logger
        self.notifier = SystemdNotifier(environment: environment)
        self.clock = clock
        self.ticker = ticker ?? Ticker()
    }

    /// Runs until SIGTERM or SIGINT, or until its task is cancelled; returns the exit status.
    /// Ticks come from `ticker` and signals from the concurrency runtime, so a test can drive
    /// both; ``runOnThisThread()`` is the same service on one thread, for `mi50fand`.
    public func run() async -> ExitStatus {
        if let refusal = begin() { return refusal }
        defer { lock = nil }
        let events = AsyncStream<DaemonEvent>.makeStream()
        let trapsSignals = self.trapsSignals
        let signalTask = Task {
            guard trapsSignals else { return }
            for await signal in await UnixSignalsSequence(trapping: .sigterm, .sigint, .sighup) {
                events.continuation.yield(signal == .sighup ? .reload : .stop(signal == .sigterm ? "SIGTERM" : "SIGINT"))
            }
        }
        let ticker = self.ticker
        let continuation = events.continuation
        let firstInterval = interval
        let tickerTask = Task { await ticker.run(interval: firstInterval) { continuation.yield(.tick) } }
        defer {
            signalTask.cancel()
            tickerTask.cancel()
        }
        for await event in events.stream {
            if let exit = handle(event) { return exit }
            if case .reload = event { await ticker.setInterval(interval) }
        }
        stop("cancelled")
        return .ok
    }

    /// Loads the config, takes the instance lock and every output, and publishes where the
    /// service's status is: nil when the service runs, or the exit status of a refusal.
    func begin() -> ExitStatus? {
        let loaded: LoadedConfig
        switch ConfigLoader.load(path: configPath) {
        case .failure(let problems):
            for problem in problems.problems { logger.error("\(problem)") }
            logger.critical("refusing to start: \(problems.countText) in the config; `mi50fan config check \(configPath)` lists them")
            notifier.status("refusing to start: the config has \(problems.countText)")
            return .configInvalid
        case .success(let value): loaded = value
        }
        do {
            try StateDirectory.prepare(stateDirectory)
            lock = try InstanceLock(directory: stateDirectory)
        } catch {
            logger.critical("\(error)")
            return .alreadyRunning
        }
        publishPointer(loaded)

        // After a crash the headers are still manual: the modes saved by the run before are
        // the firmware's, and the ones to give back.
        var inherited: [String: Int] = [:]
        for record in OutputState.read(from: stateDirectory)?.outputs ?? [] {
            if record.kind == .hwmon, let mode = record.savedMode { inherited[record.outputIdentity] = mode }
        }
        for note in loaded.notes { logger.warning("\(note)") }
        loop = ControlLoop(loaded: loaded, root: root)
        statusBuilder = StatusBuilder(loaded: loaded)
        loop.inheritedModes = inherited
        log(loop.start())
        status = ServiceStatus(pid: getpid(), started: WallClock.now(), config: configPath,
                               intervalSeconds: loaded.config.interval.seconds, cards: [], fans: [], faults: [],
                               reloadError: nil, failSafeEvents: [:])
        interval = tickInterval(loaded.config.interval)
        return nil
    }

    /// Handles one event; the exit status once the service has stopped, nil while it runs.
    func handle(_ event: DaemonEvent) -> ExitStatus? {
        switch event {
        case .tick:
            let monotonic = clock.monotonic(), boot = clock.boottime()
            // Suspend stops the monotonic clock but not the boot clock: a gap between them
            // means the machine slept, and firmware resets pwm_enable on resume.
            if let lastTick, (boot - lastTick.boot) - (monotonic - lastTick.monotonic) > 2 {
                logger.notice("resumed from suspend; taking the fans' control back")
                log(loop.retakeControl())
                // The monotonic clock stood still: the last beat is as old as the sleep.
                lastBeat = nil
            }
            lastTick = (monotonic, boot)
            tick(now: Timestamp(seconds: monotonic))
        case .reload:
            reload()
            interval = tickInterval(loop.loaded.config.interval)
        case .stop(let signal):
            stop(signal)
            return .ok
        }
        return nil
    }

    /// Gives every output back and removes the record: nothing is left for `release`.
    private func stop(_ reason: String) {
        logger.notice("\(reason): giving the fans back")
        notifier.stopping()
        log(loop.release())
        OutputState.remove(from: stateDirectory)
        ServicePointer.remove(from: stateDirectory)
    }

    /// The tick interval: the config's, or half the watchdog timeout when that is shorter,
    /// since only a completed tick pings the watchdog.
    private func tickInterval(_ configured: TimeSpan) -> TimeSpan {
        guard let watchdog = notifier.watchdogInterval else { return configured }
        // watchdogInterval is already half of WATCHDOG_USEC.
        let half = Double(watchdog.components.seconds) + Double(watchdog.components.attoseconds) / 1e18
        if configured.seconds <= half { return configured }
        logger.notice("interval \(configured) is longer than half the watchdog timeout; ticking every \(TimeSpan(seconds: half))")
        return TimeSpan(seconds: half)
    }

    private func tick(now: Timestamp) {
        let report = loop.tick(now: now)
        log(report.events)
        for (index, entered) in report.enteredFailSafe.enumerated() where entered {
            failSafeEvents[loop.loaded.config.fans[index].name, default: 0] += 1
        }
        // On a readings tick the telemetry is read and the status takes new readings.
        let readingsDue = statusPacing.readingsDue(now: now.seconds)
        let telemetryDue = readingsDue || telemetry.isEmpty
        if telemetryDue { refreshTelemetry() }
        recordOutputs()
        // The status is built again only when it can have changed in more than readings, or
        // its readings are due (StatusRebuild); metrics files take every tick's.
        let identities = loop.outputIdentities
        var changed = false
        if loop.loaded.config.metricsDirectory != nil
            || statusRebuild.isNeeded(report: report, identities: identities, recordError: recordError, telemetryRefreshed: telemetryDue,
                                      readingsDue: readingsDue) {
            let previous = status
            status.failSafeEvents = failSafeEvents
            status = statusBuilder.build(report: report, loop: loop, base: status, previousDecisions: statusDecisions)
            if let recordError { status.faults.append(recordError) }
            statusDecisions = report.decisions
            statusRebuild.didBuild(report: report, identities: identities, recordError: recordError)
            // Since the last build; a status held back since an earlier tick is still to be written.
            changed = status != previous
        }
        let wroteStatus = (changed || statusBacklog == .unwritten || statusBacklog == .readings && readingsDue)
            && writeStatus(readingsDue: readingsDue)
        if readingsDue { statusPacing.tookReadings(at: now.seconds) }
        if let metrics = loop.loaded.config.metricsDirectory {
            let seconds = clock.monotonic() - now.seconds
            do { try AtomicFile.write(MetricsFile.render(status, tickSeconds: seconds), to: metrics + "/mi50fan.prom", durable: false) } catch {
                logger.warning("\(error)")
            }
        }
        // The line is for systemd's `STATUS=` and the log line at start: without a notify
        // socket it is built only until the service is ready.
        let line = changed && (notifier.isActive || !ready) ? statusLine() : lastStatusLine
        if !ready && loop.allFoundOutputsControlled {
            // The record of every held output is on disk before systemd hears READY.
            ready = true
            notifier.ready(status: line)
            logger.notice("running: \(line)")
        } else if line != lastStatusLine {
            notifier.status(line)
        }
        lastStatusLine = line
        // Only a tick that completed pings the watchdog: a loop stuck in a read is killed.
        notifier.watchdog()
        // The heartbeat: a status file written on this tick is one already (`mi50fan status`
        // takes the later of its and the pointer's modification times); else the pointer is
        // touched when the last beat is ServicePointer.beatInterval old.
        if wroteStatus {
            lastBeat = now.seconds
        } else if lastBeat.map({ abs(now.seconds - $0) >= ServicePointer.beatInterval(intervalSeconds: loop.loaded.config.interval.seconds) }) ?? true {
            ServicePointer.beat(in: stateDirectory)
            lastBeat = now.seconds
        }
    }

    /// Writes the record of held outputs whenever it changes. When it cannot be written the
    /// daemon says so loudly (log, status, `systemctl status`) and keeps running: release then
    /// finds the outputs from the config.
    private func recordOutputs() {
        // Building the records casts every output to its kind: only when one can have changed.
        let changes = loop.outputChanges
        guard changes != recordedChanges || recordError != nil else { return }
        recordedChanges = changes
        let records = loop.outputRecords
        guard records != recorded else { return }
        do {
            try OutputState(pid: getpid(), outputs: records).write(to: stateDirectory)
            recorded = records
            if recordError != nil { logger.notice("the record of held outputs is written again") }
            recordError = nil
        } catch {
            if recordError == nil {
                logger.critical("cannot record the held outputs for `mi50fan release` (\(error)); after a crash release finds them from the config, without the firmware's saved modes")
            }
            recordError = "outputs not recorded: \(error)"
        }
    }

    private func refreshTelemetry() {
        telemetry.refresh(loop: loop, root: root)
        statusBuilder.refresh(telemetry: telemetry.cards)
    }

    private func reload() {
        notifier.reloading(status: "reloading \(configPath)")
        switch ConfigLoader.load(path: configPath) {
        case .failure(let problems):
            for problem in problems.problems { logger.error("reload: \(problem)") }
            let message = "reload failed: \(problems.countText) in \(configPath); still running the previous config"
            logger.error("\(message)")
            status.reloadError = message
            writeStatus(readingsDue: false)
            notifier.reloaded(status: message)
        case .success(let loaded):
            // Outputs the new config names as the old one did are handed over as they are;
            // the old config's others are given back before the new config's are taken.
            for note in loaded.notes { logger.warning("\(note)") }
            let old = loop!
            let next = ControlLoop(loaded: loaded, root: root, continuing: old)
            log(old.release())
            log(next.start())
            loop = next
            recordedChanges = nil
            statusBuilder = StatusBuilder(loaded: loaded)
            statusRebuild.reset()
            telemetry.reset()
            statusDecisions = []
            status.reloadError = nil
            status.config = configPath
            status.intervalSeconds = loaded.config.interval.seconds
            statusBacklog = .unwritten
            recordOutputs()
            publishPointer(loaded)
            logger.notice("reloaded \(configPath)")
            notifier.reloaded(status: statusLine())
        }
    }

    /// Writes the status file when its state changed, or its readings did and this is a readings
    /// tick (see ``StatusPacing``); returns whether it wrote it.
    @discardableResult
    private func writeStatus(readingsDue: Bool) -> Bool {
        // A status that could not be written is tried again on every tick, readings and all:
        // the file's readings would otherwise wait for the next readings tick on top of the
        // time the file could not be written.
        switch statusPacing.decision(status, written: writtenStatus, readingsDue: readingsDue || statusBacklog == .unwritten) {
        case .unchanged:
            statusBacklog = .none
            return false
        case .held:
            statusBacklog = .readings
            return false
        case .write:
            // Until the write succeeds.
            statusBacklog = .unwritten
        }
        do {
            try AtomicFile.write(bytes: StatusJSON.bytes(of: status), to: loop.loaded.config.statusFile, durable: false)
            writtenStatus = status
            statusBacklog = .none
            if statusFileError != nil {
                statusFileError = nil
                publishPointer(loop.loaded)
                logger.notice("the status file is written again")
            }
            return true
        } catch {
            // Said once per cause, not on every tick it is tried again; `mi50fan status` learns
            // of it from the pointer in the state directory.
            if statusFileError != "\(error)" {
                logger.warning("\(error)")
                statusFileError = "\(error)"
                publishPointer(loop.loaded)
            }
            return false
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

/// How the daemon's status may differ from the status file's, besides a change on this tick.
enum StatusBacklog {
    /// It is the file's.
    case none
    /// Only in readings, held back until the next readings tick (``StatusPacing``): the ticks
    /// in between need not compare it with the file's again.
    case readings
    /// It may differ in anything: nothing written yet, a reload changed it, or writing failed.
    /// Every tick tries again.
    case unwritten
}

/// What wakes the daemon.
enum DaemonEvent: Sendable {
    case tick, reload
    case stop(String)
}

// The pointer `mi50fan status` finds the service by (see ServicePointer).
extension Daemon {
    /// Writes the state directory's pointer to this service's config and status file.
    private func publishPointer(_ loaded: LoadedConfig) {
        let pointer = ServicePointer(pid: getpid(), config: configPath, statusFile: loaded.config.statusFile,
                                     intervalSeconds: loaded.config.interval.seconds, statusFileError: statusFileError)
        do { try pointer.write(to: stateDirectory) } catch { logger.warning("`mi50fan status` cannot find this service without --config: \(error)") }
    }
}
