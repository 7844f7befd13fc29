import FanControl

/// When the daemon builds its status again. Building it quotes every temperature and explains
/// every fan, which costs more than the rest of a tick; and a status whose only changes are
/// readings is written at most every ``StatusPacing/readingsInterval`` anyway. So a tick builds
/// it only when something `mi50fan status` judges the service by may have changed since the
/// tick it was last built from (a sensor's fault, a fan's duty, notes, curve, output, stall or
/// error, an RPM appearing or going away, the decision a fan in fail-safe or without an output
/// explains, the record of held outputs failing), when the cards' telemetry was read again, or
/// when readings moved and the file is due for them.
struct StatusRebuild {
    /// What the current status was built from; nil before the first build and after a reload.
    private var built: (report: TickReport, identities: [String?], recordError: String?)?

    /// Whether the status is to be built again on this tick, for `report`, the fans' output
    /// identities and the record error of this tick. `telemetryRefreshed`: the cards' telemetry
    /// was read on this tick; `readingsDue`: a status with new readings would be written now.
    func isNeeded(report: TickReport, identities: [String?], recordError: String?,
                  telemetryRefreshed: Bool, readingsDue: Bool) -> Bool {
        guard let built else { return true }
        if telemetryRefreshed || identities != built.identities || recordError != built.recordError { return true }
        if Self.stateMayDiffer(report, from: built.report) { return true }
        // Without an output, the explanation says so: it is state.
        for (index, identity) in identities.enumerated() where identity == nil {
            if index < report.decisions.count, report.decisions[index] != built.report.decisions[index] { return true }
        }
        return readingsDue && Self.readingsDiffer(report, from: built.report)
    }

    /// Notes that the status was built from `report`.
    mutating func didBuild(report: TickReport, identities: [String?], recordError: String?) {
        built = (report, identities, recordError)
    }

    /// Forgets what the status was built from (a reload): the next tick builds it.
    mutating func reset() { built = nil }

    /// Whether a status built from `report` may differ in state (see
    /// ``ServiceStatus/hasSameState(as:)``) from one built from `earlier`.
    static func stateMayDiffer(_ report: TickReport, from earlier: TickReport) -> Bool {
        guard report.readings.count == earlier.readings.count, report.decisions.count == earlier.decisions.count,
              report.rpm.count == earlier.rpm.count else { return true }
        for (now, then) in zip(report.readings, earlier.readings) {
            switch (now, then) {
            case (.value, .value): continue
            case (.fault(let a), .fault(let b)) where a == b: continue
            default: return true
            }
        }
        for index in report.decisions.indices {
            let now = report.decisions[index], then = earlier.decisions[index]
            // The duty as the status shows it (to 0.1%).
            if shown(now.duty) != shown(then.duty) || now.notes != then.notes || now.selection != then.selection { return true }
            // In fail-safe the explanation says what is wrong: it is state.
            if now.notes.contains(.failSafe) && now != then { return true }
            if report.stalled[index] != earlier.stalled[index] || report.outputErrors[index] != earlier.outputErrors[index]
                || (report.rpm[index] == nil) != (earlier.rpm[index] == nil) { return true }
        }
        return false
    }

    /// A duty as the status shows it: percent to one decimal.
    private static func shown(_ duty: Duty) -> Double { (duty.percent * 10).rounded() }

    /// Whether a reading or an RPM differs between the two reports.
    static func readingsDiffer(_ report: TickReport, from earlier: TickReport) -> Bool {
        if report.rpm != earlier.rpm { return true }
        for (now, then) in zip(report.readings, earlier.readings) {
            if case .value(let a, _) = now, case .value(let b, _) = then, a != b { return true }
        }
        return false
    }
}
