/// Words for why a fan runs at its duty, for status, logs and the CLI.
public enum DecisionExplanation {
    /// One line, like `mi50.junction 78°C on mi50-blower-balanced between 70°C and 80°C; spin-down delay`.
    public static func text(_ decision: FanDecision, plan: ControlPlan, fan: Int) -> String {
        let fanPlan = plan.fans[fan]
        if decision.notes.contains(.failSafe) {
            let sensor = decision.failSafeSensor.map { plan.sensors[$0].name } ?? "a sensor"
            var text = "fail-safe: \(sensor) \(decision.failSafeFault.map { "\($0)" } ?? "failed")"
            if decision.notes.contains(.critical) {
                text += "; a healthy sensor is at its critical point"
            } else if let index = decision.selection, index < fanPlan.selections.count, let temperature = decision.temperature {
                text += "; \(fanPlan.selections[index].name) \(temperature) asks for more"
            }
            return text
        }
        var parts: [String] = []
        if let index = decision.selection, index < fanPlan.selections.count {
            let selection = fanPlan.selections[index]
            var temperature = decision.temperature.map { " \($0)" } ?? ""
            if let read = decision.readTemperature, let at = decision.temperature, read.celsius - at.celsius >= 1 {
                temperature += " (past a load spike: read \(read))"
            }
            parts.append("\(selection.name)\(temperature) on \(selection.curve.name) \(spot(decision.spot, curve: selection.curve))")
        }
        if decision.feedForwardBoost > 0 { parts.append("feed-forward +\(Duty(fraction: decision.feedForwardBoost))") }
        for (note, words) in noteWords where decision.notes.contains(note) { parts.append(words) }
        return parts.joined(separator: "; ")
    }

    /// The notes an explanation names, in the order it names them.
    private static let noteWords: [(DecisionNotes, String)] = [
        (.deadbandHeld, "temperature deadband"), (.spinDownHeld, "spin-down delay"), (.minimumStepHeld, "minimum step"),
        (.smoothing, "easing down"), (.kick, "start kick"), (.clampedToMinimum, "at min_duty"),
        (.clampedToMaximum, "at max_duty"), (.stopped, "stopped"),
        (.sensorPending, "a sensor failed: holding until fail-safe starts"),
    ]

    /// Where on the curve, in words.
    public static func spot(_ spot: FanCurve.Spot?, curve: FanCurve) -> String {
        switch spot {
        case .critical?: return "at or above critical \(curve.critical.map { "\($0)" } ?? "")"
        case .belowFirst?: return "below its first point"
        case .beyondLast?: return "at or past its last point"
        case .between(let index)?:
            if case .linear(let points) = curve.shape, index + 1 < points.count {
                return "between \(points[index].temperature) and \(points[index + 1].temperature)"
            }
            return "on segment \(index + 1)"
        case .level(let level)?: return "on level \(level + 1)"
        case nil: return ""
        }
    }
}
