/// Typed values out of nodes, each reporting a problem with a fix when the text does not fit.
extension ProblemLog {
    func text(_ node: ConfigNode?, _ what: String) -> String? {
        guard let node else { return nil }
        guard let text = node.scalarText else {
            add(node.location, "\(what) must be a single value, not \(node.kindName)", fix: "write it on the same line as its key")
            return nil
        }
        return text
    }

    func temperature(_ node: ConfigNode?, _ what: String) -> Temperature? {
        guard let text = text(node, what), let node else { return nil }
        guard let value = UnitParsing.temperature(text) else {
            add(node.location, "\(what) `\(text)` is not a temperature", fix: "write degrees Celsius, like `85` or `85C`")
            return nil
        }
        if !value.isPlausible {
            // sysfs gives millidegrees: a value a thousand times too large was most likely copied from there.
            let fix = value.celsius > 1000 ? "write degrees Celsius, not millidegrees (\(formatNumber(value.celsius / 1000)) for \(formatNumber(value.celsius)))"
                                           : "write a temperature from -40 to 150 degrees Celsius"
            add(node.location, "\(what) \(value) is outside -40...150 °C", fix: fix)
            return nil
        }
        return value
    }

    func duty(_ node: ConfigNode?, _ what: String) -> Duty? {
        guard let text = text(node, what), let node else { return nil }
        guard let value = UnitParsing.duty(text) else {
            add(node.location, "\(what) `\(text)` is not a duty from 0% to 100%", fix: "write a percentage like `35%` or a fraction like `0.35`")
            return nil
        }
        return value
    }

    func timeSpan(_ node: ConfigNode?, _ what: String) -> TimeSpan? {
        guard let text = text(node, what), let node else { return nil }
        guard let value = UnitParsing.timeSpan(text) else {
            add(node.location, "\(what) `\(text)` is not a duration", fix: "write it like `500ms`, `1s`, `2m` or `1h`")
            return nil
        }
        guard value <= Self.longestDuration else {
            add(node.location, "\(what) `\(text)` is longer than a day", fix: "write a duration of at most `24h`; fan timings are seconds or minutes")
            return nil
        }
        return value
    }

    /// The longest duration any config or curve setting accepts.
    static let longestDuration = TimeSpan(seconds: 86_400)

    func integer(_ node: ConfigNode?, _ what: String, range: ClosedRange<Int>) -> Int? {
        guard let text = text(node, what), let node else { return nil }
        guard let value = Int(text.trimmingSpaces()), range.contains(value) else {
            add(node.location, "\(what) `\(text)` must be a whole number from \(range.lowerBound) to \(range.upperBound)",
                fix: "write a number like `\(range.lowerBound)`")
            return nil
        }
        return value
    }

    func boolean(_ node: ConfigNode?, _ what: String) -> Bool? {
        guard let text = text(node, what), let node else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            add(node.location, "\(what) `\(text)` is not true or false", fix: "write `true` or `false`")
            return nil
        }
    }

    func watts(_ node: ConfigNode?, _ what: String) -> Double? {
        guard let text = text(node, what), let node else { return nil }
        guard let value = UnitParsing.watts(text), value >= 0 else {
            add(node.location, "\(what) `\(text)` is not a power", fix: "write watts, like `120W`")
            return nil
        }
        return value
    }

    /// A duration that may also be `off` (returns `.some(nil)` for off).
    func optionalTimeSpan(_ node: ConfigNode?, _ what: String) -> TimeSpan?? {
        guard let node else { return nil }
        if let text = node.scalarText, ["off", "false", "no", "never"].contains(text.lowercased()) { return .some(nil) }
        guard let value = timeSpan(node, what) else { return nil }
        return .some(value)
    }

    func sequence(_ node: ConfigNode?, _ what: String) -> [ConfigNode]? {
        guard let node else { return nil }
        guard case .sequence(let items, _) = node else {
            add(node.location, "\(what) must be a list, not \(node.kindName)", fix: "write each item on its own line starting with `- `")
            return nil
        }
        return items
    }
}
