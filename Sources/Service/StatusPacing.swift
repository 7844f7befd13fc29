import StatusSchema

/// When the daemon writes its status file. A change of state (a fan's duty, output or mode, a
/// fault, a stall, fail-safe, a reload problem: anything `mi50fan status` judges the service
/// by) is written on the tick it happens; a status whose only changes are readings
/// (temperatures, RPM, power, clocks, load, VRAM in use) waits until ``readingsInterval`` has
/// passed since the file was last written. The file's modification time is then when its
/// readings were taken; the heartbeat shows the service alive on every tick in between.
struct StatusPacing {
    /// The longest a status file may show old readings, seconds: changed readings alone are
    /// written at most this often.
    static let readingsInterval = 5.0

    /// When the status file was last written (monotonic seconds); nil before the first write.
    private(set) var lastWrite: Double?

    /// What to do with a status.
    enum Decision: Equatable {
        /// It is what the file holds.
        case unchanged
        /// Only its readings changed, and the file is younger than ``StatusPacing/readingsInterval``.
        case held
        /// Write it now.
        case write
    }

    /// What to do with `status` at `now` (monotonic seconds), when `written` is what the file
    /// holds (nil: nothing written yet).
    func decision(_ status: ServiceStatus, written: ServiceStatus?, now: Double) -> Decision {
        guard let written, lastWrite != nil else { return .write }
        if status == written { return .unchanged }
        return !status.hasSameState(as: written) || readingsDue(now: now) ? .write : .held
    }

    /// Whether a status with new readings would be written at `now` (monotonic seconds).
    func readingsDue(now: Double) -> Bool {
        guard let lastWrite else { return true }
        return now - lastWrite >= Self.readingsInterval
    }

    /// Notes that the status file was written at `now`.
    mutating func wrote(at now: Double) { lastWrite = now }
}

extension ServiceStatus {
    /// Whether the two differ at most in readings: everything but temperatures, RPM, power,
    /// clocks, load, VRAM in use and a curve's explanation (which quotes the temperature) is
    /// equal. A fan's explanation counts as state in fail-safe and without an output, where it
    /// says what is wrong.
    func hasSameState(as other: ServiceStatus) -> Bool {
        format == other.format && pid == other.pid && started == other.started && config == other.config
            && intervalSeconds == other.intervalSeconds && faults == other.faults && reloadError == other.reloadError
            && failSafeEvents == other.failSafeEvents
            && cards.count == other.cards.count && zip(cards, other.cards).allSatisfy { $0.hasSameState(as: $1) }
            && fans.count == other.fans.count && zip(fans, other.fans).allSatisfy { $0.hasSameState(as: $1) }
    }
}

extension ServiceStatus.Card {
    /// Whether the two differ at most in readings (see ``ServiceStatus/hasSameState(as:)``);
    /// a sensor appearing or going away is a change of state.
    func hasSameState(as other: ServiceStatus.Card) -> Bool {
        name == other.name && pciSlot == other.pciSlot && faults == other.faults && critical == other.critical
            && emergency == other.emergency && powerCapWatts == other.powerCapWatts && throttle == other.throttle
            && vramTotalBytes == other.vramTotalBytes && temperatures.keys == other.temperatures.keys
    }
}

extension ServiceStatus.Fan {
    /// Whether the two differ at most in readings (see ``ServiceStatus/hasSameState(as:)``);
    /// an RPM appearing or going away is a change of state.
    func hasSameState(as other: ServiceStatus.Fan) -> Bool {
        name == other.name && output == other.output && dutyPercent == other.dutyPercent && mode == other.mode
            && curve == other.curve && stalled == other.stalled && error == other.error
            && (rpm == nil) == (other.rpm == nil)
            && (why == other.why || !(mode == "fail-safe" || mode == "no output"))
    }
}
