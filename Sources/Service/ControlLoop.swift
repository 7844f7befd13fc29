import ConfigReading
import FanControl
import Hardware

/// The control loop: reads every sensor through the root, runs the ``Controller``, drives
/// every output, and reports what happened. The daemon, `simulate` and the demo all run this.
///
/// Devices are bound by stable identity and bound again whenever one goes missing (a GPU
/// reset renumbers hwmon), without a restart; meanwhile the fan runs at fail-safe duty.
public final class ControlLoop {
    /// The config in force.
    public let loaded: LoadedConfig
    /// The root every path is built from.
    public let root: SysfsRoot
    /// The controller (its plan and latest decisions).
    public private(set) var controller: Controller

    private let resolver: DeviceResolver
    private let fans: [ResolvedFan]
    private let sensors: [(gpu: GPUConfig, sensor: GPUSensor)]
    private var gpus: [String: GPUDevice] = [:]
    private var sensorPaths: [String?]
    private var sensorHandles: [AttributeHandle?]
    private var lastFaults: [SensorFault?]
    private var wasFailSafe: [Bool]
    private var wasStalled: [Bool]
    private var readStarts: [Double]
    /// Per sensor: whether this tick left it unread, and its latest reading.
    private var unread: [Bool]
    private var lastReadings: [Reading]
    private var wasMissing = false
    /// Seconds on a monotonic clock, for how long reads take (``FailSafePolicy/maximumAge``).
    private let readClock: @Sendable () -> Double

    /// Creates a loop for a validated config. Nothing is touched until ``start()``.
    ///
    /// With `previous` (a reload), the controller carries on from the previous one, and every
    /// output the new config names as the previous one did is handed over as it is: held,
    /// with its saved firmware mode and last duty, neither taken again nor kicked.
    public init(loaded: LoadedConfig, root: SysfsRoot, continuing previous: ControlLoop? = nil,
                readClock: @escaping @Sendable () -> Double = { monotonicSeconds() }) {
        self.loaded = loaded
        self.root = root
        self.readClock = readClock
        self.controller = previous.map { Controller(plan: loaded.plan, continuing: $0.controller) } ?? Controller(plan: loaded.plan)
        self.resolver = DeviceResolver(root: root)
        self.fans = loaded.config.fans.map { config in
            let fan = ResolvedFan(config: config, interval: loaded.config.interval)
            if let old = previous?.fans.first(where: { $0.config.output == config.output && $0.output != nil && !$0.handedOver }) {
                old.handedOver = true
                fan.adopt(old)
            }
            return fan
        }
        inheritedModes = previous?.savedModes ?? [:]
        readStarts = Array(repeating: 0, count: loaded.plan.sensors.count)
        unread = Array(repeating: false, count: loaded.plan.sensors.count)
        lastReadings = Array(repeating: .fault(.notRead), count: loaded.plan.sensors.count)
        self.sensors = loaded.plan.sensors.map { spec in
            let parts = spec.name.split(separator: ".", maxSplits: 1).map(String.init)
            let gpu = loaded.config.gpus.first { $0.name == parts[0] }!
            return (gpu, GPUSensor(rawValue: parts[1]) ?? .edge)
        }
        sensorPaths = Array(repeating: nil, count: loaded.plan.sensors.count)
        sensorHandles = Array(repeating: nil, count: loaded.plan.sensors.count)
        lastFaults = Array(repeating: nil, count: loaded.plan.sensors.count)
        wasFailSafe = Array(repeating: false, count: loaded.config.fans.count)
        wasStalled = Array(repeating: false, count: loaded.config.fans.count)
    }

    /// The card called `name` (a config GPU name) as the loop's sensors are bound to it now;
    /// nil while it is not found or none of its sensors was read yet.
    public func device(ofCard name: String) -> GPUDevice? { gpus[name] }

    /// The sensors of card `name` the loop reads on every tick (its temperatures).
    public func sensorsReadEveryTick(ofCard name: String) -> [GPUSensor] {
        sensors.indices.compactMap { index in
            sensors[index].gpu.name == name && loaded.plan.sensors[index].kind == .temperature ? sensors[index].sensor : nil
        }
    }

    /// The outputs found so far.
    public var outputs: [any FanOutput] { fans.compactMap(\.output) }

    /// The fans' output identities (nil where the output is not found yet).
    public var outputIdentities: [String?] { fans.map(\.outputIdentity) }

    /// Whether every output that was found is under control (the moment to tell systemd
    /// READY: an output that is missing must not hold the service in a restart loop; the
    /// other fans run at their fail-safe duty meanwhile).
    public var allFoundOutputsControlled: Bool { fans.allSatisfy { $0.output == nil || $0.controlTaken } }

    /// The fans whose output is not found (or is refused), by name.
    public var missingOutputs: [String] { fans.filter { $0.output == nil }.map(\.config.name) }

    /// Moves whenever an output is found, lost, taken or given back: ``outputRecords`` can only
    /// differ from what it was when this was last the same value.
    public var outputChanges: Int { fans.reduce(0) { $0 &+ $1.outputChanges } }

    /// Records of every output under control, by stable identity, for `mi50fan release`.
    public var outputRecords: [OutputRecord] {
        fans.compactMap { fan in fan.controlTaken ? fan.output.flatMap { OutputRecord.make(fan: fan.config.name, output: $0) } : nil }
    }

    /// The modes hwmon headers had before control was taken, by output identity (kept in the
    /// state directory so that `mi50fan release` can restore them after a crash).
    public var savedModes: [String: Int] {
        var modes: [String: Int] = [:]
        for fan in fans {
            if let header = fan.output as? HwmonPWMOutput, let mode = header.savedMode { modes[header.identity] = mode }
        }
        return modes.merging(inheritedModes) { own, _ in own }
    }

    /// Modes saved by an earlier run or the config before a reload, applied as outputs are found.
    public var inheritedModes: [String: Int] = [:]

    /// Takes control of every output again (after resume from suspend, firmware resets
    /// `pwm_enable`), and writes the duty again on the next tick.
    public func retakeControl() -> [LoopEvent] {
        var events: [LoopEvent] = []
        for fan in fans {
            fan.controlTaken = false
            takeControl(fan, events: &events)
        }
        return events
    }

    /// Finds every output and takes control of it (outputs handed over by a reload are held
    /// already). Returns what happened; outputs not found are retried every tick.
    @discardableResult
    public func start() -> [LoopEvent] {
        var events: [LoopEvent] = []
        for fan in fans where !fan.controlTaken { takeControl(fan, events: &events) }
        return events
    }

    /// One tick at `now`: read, decide, write.
    public func tick(now: Timestamp) -> TickReport {
        var events: [LoopEvent] = []
        var readings: [Reading] = []
        readings.reserveCapacity(sensors.count)
        let tickStart = readClock()
        let wanted = controller.wantedReadings(at: now)
        for index in sensors.indices {
            // A sensor the controller does not need on this tick (a card's power serving only
            // the frozen-sensor check) keeps its last good reading. One never read, or whose
            // last reading failed, is read: its fault must not stand for a sensor that is back.
            unread[index] = lastReadings[index].isValue && !wanted[index]
            if unread[index] {
                readings.append(lastReadings[index])
                continue
            }
            readStarts[index] = readClock()
            readings.append(read(sensor: index, now: now, events: &events))
        }
        // Reads that blocked (a card resetting) date this tick's readings back: a temperature
        // that changed may already count as standing still, so what was skipped is read too.
        if readClock() - tickStart >= 1, unread.contains(true) {
            for index in sensors.indices where unread[index] {
                unread[index] = false
                readStarts[index] = readClock()
                readings[index] = read(sensor: index, now: now, events: &events)
            }
        }
        // A reading is as old as the time since its read began: a read that blocks makes the
        // ones before it stale (FailSafePolicy.maximumAge).
        let finished = readClock()
        for index in readings.indices where !unread[index] {
            if case .value(let value, _) = readings[index] {
                readings[index] = .value(value, at: now.advanced(by: TimeSpan(seconds: -max(0, finished - readStarts[index]))))
            }
            lastReadings[index] = readings[index]
        }
        let decisions = controller.tick(readings: readings, now: now, unread: unread)
        let missing = fans.contains { $0.output == nil }
        if missing != wasMissing {
            wasMissing = missing
            events.append(missing
                ? LoopEvent(level: .error, message: "output of \(missingOutputs.joined(separator: ", ")) not found: the other fans run at their fail-safe duty until it is back")
                : LoopEvent(level: .notice, message: "every output found again: fans back on their curves"))
        }
        var report = TickReport(time: now, readings: readings, decisions: decisions,
                                rpm: [], stalled: [], outputErrors: [], wrote: [], enteredFailSafe: [], events: [])
        for (index, fan) in fans.enumerated() {
            var decision = decisions[index]
            if missing, fan.output != nil, decision.duty < fan.config.failSafe.duty {
                decision.duty = fan.config.failSafe.duty
                report.decisions[index] = decision
            }
            report.enteredFailSafe.append(logFailSafe(fan: index, decision: decision, events: &events))
            report.wrote.append(drive(fan, duty: decision.duty, events: &events))
            // An unread tick neither proves nor clears a stall; the status shows the last reading.
            let read = fan.tachSchedule.due(suspect: fan.stall.count > 0)
            if read { fan.lastRPM = self.rpm(of: fan) }
            let rpm = fan.lastRPM
            let stalled = fan.stall.update(duty: decision.duty, startDuty: fan.config.limits.startDuty, rpm: read ? rpm : nil)
            if stalled != wasStalled[index] {
                events.append(LoopEvent(level: stalled ? .error : .notice,
                                        message: stalled ? "fan \(fan.config.name) stalled: 0 RPM at \(decision.duty); check the fan and its cable"
                                            : "fan \(fan.config.name) turns again (\(rpm ?? 0) RPM)"))
                wasStalled[index] = stalled
            }
            report.rpm.append(rpm)
            report.stalled.append(stalled)
            report.outputErrors.append(fan.lastError)
        }
        report.events = events
        return report
    }

    /// Gives every output back (saved mode, or full speed), except those handed over to the
    /// loop of a reloaded config. Returns what happened.
    @discardableResult
    public func release() -> [LoopEvent] {
        var events: [LoopEvent] = []
        for fan in fans where fan.controlTaken && !fan.handedOver {
            guard let output = fan.output else { continue }
            do {
                try output.release()
                events.append(LoopEvent(level: .notice, message: "released \(output.identity)"))
            } catch {
                events.append(LoopEvent(level: .error, message: "cannot release \(output.identity): \(error)"))
            }
            fan.controlTaken = false
        }
        return events
    }

    // MARK: Sensors

    private func read(sensor index: Int, now: Timestamp, events: inout [LoopEvent]) -> Reading {
        var result = readOnce(sensor: index)
        if case .failure(.missing) = result {
            // The device may have come back under another number: bind again and retry once.
            gpus[sensors[index].gpu.name] = nil
            sensorPaths[index] = nil
            sensorHandles[index] = nil
            result = readOnce(sensor: index)
        }
        let fault: SensorFault?
        let reading: Reading
        switch result {
        case .success(let value):
            fault = nil
            reading = .value(value, at: now)
        case .failure(let error):
            fault = error
            reading = .fault(error)
        }
        if fault != lastFaults[index] {
            let name = loaded.plan.sensors[index].name
            if let fault {
                events.append(LoopEvent(level: .warning, message: "sensor \(name): \(fault)"))
            } else {
                events.append(LoopEvent(level: .notice, message: "sensor \(name) reads again"))
            }
            lastFaults[index] = fault
        }
        return reading
    }

    private func readOnce(sensor index: Int) -> Result<Double, SensorFault> {
        let (entry, sensor) = sensors[index]
        if sensorPaths[index] == nil {
            if gpus[entry.name] == nil, case .success(let device) = resolver.gpu(entry) {
                gpus[entry.name] = device
                // The card was found again (perhaps under another number): its other sensors bind anew too.
                for other in sensors.indices where sensors[other].gpu.name == entry.name && other != index {
                    sensorPaths[other] = nil
                    sensorHandles[other] = nil
                }
            }
            guard let device = gpus[entry.name] else { return .failure(.missing) }
            sensorPaths[index] = sensor.path(on: device, root: root)
            sensorHandles[index] = sensorPaths[index].map { AttributeHandle(path: $0, root: root) }
        }
        guard let handle = sensorHandles[index] else { return .failure(.missing) }
        return SysfsSensorReader.read(sensor, through: handle)
    }

    // MARK: Outputs

    private func takeControl(_ fan: ResolvedFan, events: inout [LoopEvent]) {
        if fan.output == nil {
            switch resolver.output(for: fan.config.output) {
            case .success(let output):
                if let owner = fans.first(where: { $0 !== fan && $0.output?.identity == output.identity }) {
                    report(fan, "fan \(fan.config.name) (\(fan.config.outputLocation)): \(output.identity) is already driven by fan \(owner.config.name); one output takes one fan entry: list both fans' sensors under one fan", events: &events)
                    return
                }
                fan.output = output
            case .failure(let error):
                report(fan, "fan \(fan.config.name): \(error)", events: &events)
                return
            }
        }
        guard let output = fan.output else { return }
        if let header = output as? HwmonPWMOutput, header.savedMode == nil, let mode = inheritedModes[header.identity] {
            header.presetSavedMode(mode)
        }
        do {
            try output.takeControl()
            fan.controlTaken = true
            fan.lastDuty = nil
            if fan.lastError != nil { events.append(LoopEvent(level: .notice, message: "fan \(fan.config.name): \(output.identity) under control again")) }
            fan.lastError = nil
            events.append(LoopEvent(level: .info, message: "fan \(fan.config.name): took control of \(output.identity)"))
            noteIfTurning(fan)
        } catch {
            report(fan, "fan \(fan.config.name): \(error)", events: &events)
        }
    }

    /// A fan whose tachometer reads RPM when control is taken is turning: the controller
    /// then skips its start kick (a blower left spinning by firmware or by a previous run is
    /// not surged to `start_duty` and back).
    private func noteIfTurning(_ fan: ResolvedFan) {
        guard let index = fans.firstIndex(where: { $0 === fan }), let rpm = rpm(of: fan), rpm > 0 else { return }
        controller.fanIsTurning(index)
    }

    /// The fan's tach reading (its tach found first if it was not yet); nil without a tach or
    /// when the read fails.
    private func rpm(of fan: ResolvedFan) -> Int? {
        if fan.tach == nil, case .success(let tach)? = resolver.tach(for: fan.config) { fan.tach = tach }
        return fan.tach.flatMap { try? $0.rpm().get() }
    }

    /// How often a held output's mode and value are read back, in ticks: every fifth tick,
    /// and at least every 5 s. Firmware that takes a header back, or a value that does not
    /// stick, is found within that; a changed duty is written at once whatever it says. Each
    /// read-back costs two reads of the chip per fan, which on a Super I/O chip are slow bus
    /// transfers, so a 1 s loop does them every 5 s rather than every tick.
    public static func checkEvery(interval: TimeSpan) -> Int {
        max(1, min(5, Int((5 / max(interval.seconds, 0.001)).rounded(.down))))
    }

    /// ``checkEvery(interval:)`` for this loop's interval.
    private var checkTicks: Int { Self.checkEvery(interval: loaded.config.interval) }

    /// Writes `duty` when it changed or the readback disagrees; returns whether it wrote.
    private func drive(_ fan: ResolvedFan, duty: Duty, events: inout [LoopEvent]) -> Bool {
        if !fan.controlTaken { takeControl(fan, events: &events) }
        guard fan.controlTaken, let output = fan.output else { return false }
        var force = false
        fan.ticksUntilCheck -= 1
        if fan.lastDuty != nil, fan.ticksUntilCheck <= 0 {
            fan.ticksUntilCheck = checkTicks
            switch output.check() {
            case .ok: break
            case .modeChanged(let mode):
                events.append(LoopEvent(level: .warning, message: "fan \(fan.config.name): \(output.identity) mode changed to \(mode) (firmware or another program); taking control again"))
                fan.controlTaken = false
                takeControl(fan, events: &events)
                force = true
            case .valueChanged(let value):
                events.append(LoopEvent(level: .warning, message: "fan \(fan.config.name): \(output.identity) reads \(value), not what was written; writing again"))
                force = true
            case .unreadable(let error):
                events.append(LoopEvent(level: .error, message: "fan \(fan.config.name): \(output.identity) unreadable (\(error)); finding it again"))
                // The firmware's mode was saved when the header was first taken: keep it.
                if let header = output as? HwmonPWMOutput, let mode = header.savedMode { inheritedModes[header.identity] = mode }
                output.forget()
                fan.output = nil
                fan.controlTaken = false
                takeControl(fan, events: &events)
                force = true
            }
        }
        // Duty differences below one step of an 8-bit PWM change nothing on the wire.
        let changed = fan.lastDuty.map { abs($0.fraction - duty.fraction) >= 0.5 / 255 } ?? true
        guard let current = fan.output, fan.controlTaken, force || changed || fan.fellBack else { return false }
        do {
            // After a fall-back to full speed, manual mode again before the next write.
            if fan.fellBack, let header = current as? HwmonPWMOutput { try header.reassertManual() }
            try current.write(duty)
            if fan.lastError != nil { events.append(LoopEvent(level: .notice, message: "fan \(fan.config.name): writes succeed again")) }
            fan.lastError = nil
            fan.fellBack = false
            fan.lastDuty = duty
            return true
        } catch {
            report(fan, "fan \(fan.config.name): \(error)", events: &events)
            fan.lastDuty = nil
            // A header that refuses the value (EIO, EPERM) can still be put at full speed.
            if let header = current as? HwmonPWMOutput, case .io(let cause) = error {
                if (try? header.fallBackToFullSpeed(after: cause)) != nil {
                    if !fan.fellBack {
                        events.append(LoopEvent(level: .error, message: "fan \(fan.config.name): \(header.identity) set to pwm_enable 0 (full speed) until writes succeed"))
                    }
                    fan.fellBack = true
                }
            }
            return false
        }
    }

    private func report(_ fan: ResolvedFan, _ message: String, events: inout [LoopEvent]) {
        if fan.lastError != message { events.append(LoopEvent(level: .error, message: message)) }
        fan.lastError = message
    }

    /// Logs fail-safe starting or ending; returns whether it started on this tick.
    private func logFailSafe(fan index: Int, decision: FanDecision, events: inout [LoopEvent]) -> Bool {
        let active = decision.notes.contains(.failSafe)
        guard active != wasFailSafe[index] else { return false }
        wasFailSafe[index] = active
        let name = fans[index].config.name
        if active {
            let sensor = decision.failSafeSensor.map { loaded.plan.sensors[$0].name } ?? "a sensor"
            events.append(LoopEvent(level: .warning, message: "fan \(name): fail-safe \(decision.duty): \(sensor) \(decision.failSafeFault.map { "\($0)" } ?? "failed")"))
        } else {
            events.append(LoopEvent(level: .notice, message: "fan \(name): sensors good again, back on its curve"))
        }
        return active
    }
}
