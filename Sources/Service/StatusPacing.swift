import StatusSchema

/// When the daemon writes its status file. A change of state (a fan's duty, output or mode, a
/// fault, a stall, fail-safe, a reload problem: anything `mi50fan status` judges the service
/// by) is written on the tick it happens; a status whose only changes are readings
/// (temperatures, RPM, power, clocks, load, VRAM in use) waits for the next readings tick. The
/// readings ticks are ``readingsInterval`` apart, and the cards' telemetry (power, clocks, load)
/// is read on them, so one build of the status takes in both and one write shows them: the
/// file's readings are never older than the interval. The heartbeat shows the service alive on
/// every tick in between.
struct StatusPacing {
    /// The longest a status file may show old readings, seconds: the time between readings
    /// ticks, so changed readings alone are written at most this often.
    static let readingsInterval = 5.0

    /// When the last readings tick was (monotonic seconds); nil before the first.
    private(set) var lastReadings: Double?

    /// What to do with a status.
    enum Decision: Equatable {
        /// It is what the file holds.
        case unchanged
        /// Only its readings changed, and this is not a readings tick.
        case held
        /// Write it now.
        case write
    }

    /// What to do with `status`, when `written` is what the file holds (nil: nothing written
    /// yet) and `readingsDue` tells whether this is a readings tick (see ``readingsDue(now:)``).
    func decision(_ status: ServiceStatus, written: ServiceStatus?, readingsDue: Bool) -> Decision {
        guard let written else { return .write }
        if status == written { return .unchanged }
        return readingsDue || !status.hasSameState(as: written) ? .write : .held
    }

    /// How much earlier than ``readingsInterval`` after the last a readings tick may come. A
    /// tick reads the clock when it wakes, late by its wake-up latency: without the tolerance a
    /// readings tick woken late would push the next one a whole tick later.
    static let earlyTolerance = 0.1

    /// Whether a tick at `now` (monotonic seconds) is a readings tick: the first, and then one
    /// ``readingsInterval`` after the last (less ``earlyTolerance``).
    func readingsDue(now: Double) -> Bool {
        guard let lastReadings else { return true }
        return now - lastReadings >= Self.readingsInterval - Self.earlyTolerance
    }

    /// Notes that the readings tick at `now` (monotonic seconds) is done.
    mutating func tookReadings(at now: Double) { lastReadings = now }
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
