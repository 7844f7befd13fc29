/// Decodes and validates a curve: a curve file's top level, or an inline `curve:` mapping.
public enum CurveDecoder {
    /// The keys that make a document a curve rather than a config.
    public static let distinguishingKeys = ["points", "levels"]

    /// Decodes a curve named `name`, or returns every problem found.
    public static func decode(_ node: ConfigNode, name: String) -> Result<FanCurve, ConfigProblems> {
        let log = ProblemLog()
        let curve = decode(node, name: name, log: log)
        if let curve, log.isEmpty { return .success(curve) }
        return .failure(ConfigProblems(log.problems))
    }

    static func decode(_ node: ConfigNode, name: String, log: ProblemLog) -> FanCurve? {
        guard var map = MappingReader(node, context: "curve `\(name)`", log: log) else { return nil }
        _ = map.value("description")
        let pointsNode = map.value("points")
        let levelsNode = map.value("levels")
        let criticalNode = map.value("critical")
        let critical = log.temperature(criticalNode, "critical")
        let explicitHysteresis = decodeHysteresis(map.value("hysteresis"), log: log)
        let smoothing = log.timeSpan(map.value("smoothing"), "smoothing").map(DownSmoothing.init) ?? .off
        map.finish()
        let shape: FanCurve.Shape
        switch (pointsNode, levelsNode) {
        case (let points?, nil):
            guard let decoded = decodePoints(points, log: log) else { return nil }
            shape = .linear(decoded)
            if let critical, let first = decoded.first, critical <= first.temperature {
                log.add(criticalNode?.location ?? map.location, "critical \(critical) is not above the first point \(first.temperature)",
                        fix: "set critical above the temperatures the curve covers, or remove it")
            }
        case (nil, let levels?):
            guard let decoded = decodeLevels(levels, log: log) else { return nil }
            shape = .steps(decoded)
        case (.some, .some):
            log.add(map.location, "curve `\(name)` has both `points` and `levels`",
                    fix: "keep `points` for a linear curve or `levels` for a step curve, not both")
            return nil
        case (nil, nil):
            log.add(map.location, "curve `\(name)` has neither `points` nor `levels`",
                    fix: "add `points:` with lines like `- [60, 40%]`")
            return nil
        }
        // A linear curve that says nothing about hysteresis gets the standard one, so that a
        // degree up and down does not move the fan; a step curve's levels are its hysteresis.
        var hysteresis = explicitHysteresis ?? .none
        if explicitHysteresis == nil, case .linear = shape { hysteresis = .standard }
        return FanCurve(name: name, shape: shape, critical: critical, hysteresis: hysteresis, smoothing: smoothing)
    }

    static func decodeHysteresis(_ node: ConfigNode?, log: ProblemLog) -> Hysteresis? {
        guard let node, var map = MappingReader(node, context: "hysteresis", log: log) else { return nil }
        var result = Hysteresis.none
        if let band = map.value("temperature") {
            if let text = log.text(band, "hysteresis temperature"), let value = UnitParsing.temperature(text),
               (0...50).contains(value.celsius) {
                result.deadband = value.celsius
            } else if band.scalarText != nil {
                log.add(band.location, "hysteresis temperature `\(band.scalarText ?? "")` must be 0 to 50 degrees",
                        fix: "write a deadband like `4C`")
            }
        }
        if let delay = log.timeSpan(map.value("spin_down_delay"), "spin_down_delay") { result.spinDownDelay = delay }
        if let step = log.duty(map.value("min_step"), "min_step") { result.minimumStep = step.fraction }
        if let step = log.duty(map.value("rise_step"), "rise_step") { result.riseStep = step.fraction }
        if let margin = log.duty(map.value("fall_margin"), "fall_margin") { result.fallMargin = margin.fraction }
        map.finish()
        return result
    }

    private static func decodePoints(_ node: ConfigNode, log: ProblemLog) -> [CurvePoint]? {
        guard let items = log.sequence(node, "points") else { return nil }
        if items.isEmpty {
            log.add(node.location, "points is empty", fix: "give at least one point like `- [60, 40%]`")
            return nil
        }
        var points: [CurvePoint] = []
        var previous: (CurvePoint, SourceLocation)?
        var sameTemperature = 1
        for item in items {
            guard let point = decodePoint(item, log: log) else { continue }
            if let (last, _) = previous {
                if point.temperature < last.temperature {
                    log.add(item.location,
                            "points must rise in temperature: \(formatNumber(point.temperature.celsius)) after \(formatNumber(last.temperature.celsius))",
                            fix: "put the points in order of temperature")
                } else if point.duty < last.duty {
                    log.add(item.location,
                            "duty must not fall as temperature rises: \(point.duty) at \(point.temperature) after \(last.duty) at \(last.temperature)",
                            fix: "raise this point's duty to at least \(last.duty)")
                }
                sameTemperature = point.temperature == last.temperature ? sameTemperature + 1 : 1
                if sameTemperature == 3 {
                    log.add(item.location, "three points at \(point.temperature)",
                            fix: "keep at most two points at one temperature (a vertical step)")
                }
            }
            previous = (point, item.location)
            points.append(point)
        }
        return points.count == items.count ? points : nil
    }

    private static func decodePoint(_ item: ConfigNode, log: ProblemLog) -> CurvePoint? {
        switch item {
        case .sequence(let pair, _) where pair.count == 2:
            guard let temperature = log.temperature(pair[0], "point temperature"),
                  let duty = log.duty(pair[1], "point duty") else { return nil }
            return CurvePoint(temperature, duty)
        case .mapping:
            guard var map = MappingReader(item, context: "point", log: log) else { return nil }
            let temperature = log.temperature(map.required("temp", fix: "add `temp: 60`"), "point temperature")
            let duty = log.duty(map.required("duty", fix: "add `duty: 40%`"), "point duty")
            map.finish()
            guard let temperature, let duty else { return nil }
            return CurvePoint(temperature, duty)
        default:
            log.add(item.location, "a point must be `[temperature, duty]`", fix: "write it like `- [60, 40%]`")
            return nil
        }
    }

    private static func decodeLevels(_ node: ConfigNode, log: ProblemLog) -> [StepLevel]? {
        guard let items = log.sequence(node, "levels") else { return nil }
        if items.isEmpty {
            log.add(node.location, "levels is empty", fix: "give at least two levels like `- {duty: 0%, upper: 55}`")
            return nil
        }
        var levels: [StepLevel] = []
        for (index, item) in items.enumerated() {
            guard var map = MappingReader(item, context: "level \(index + 1)", log: log) else { continue }
            let duty = log.duty(map.required("duty", fix: "add `duty: 50%`"), "level duty")
            let lower = log.temperature(map.value("lower"), "lower")
            let upper = log.temperature(map.value("upper"), "upper")
            map.finish()
            guard let duty else { continue }
            let isFirst = index == 0, isLast = index == items.count - 1
            if isFirst, lower != nil {
                log.add(item.location, "the first level has a `lower` limit", fix: "remove it: nothing lies below the first level")
            }
            if isLast, upper != nil {
                log.add(item.location, "the last level has an `upper` limit", fix: "remove it: nothing lies above the last level")
            }
            if !isFirst, lower == nil { log.add(item.location, "level \(index + 1) needs `lower`", fix: "add `lower: 50`: below it the fan falls back a level") }
            if !isLast, upper == nil { log.add(item.location, "level \(index + 1) needs `upper`", fix: "add `upper: 60`: at it the fan climbs a level") }
            if let lower, let upper, lower >= upper {
                log.add(item.location, "level \(index + 1): lower \(lower) is not below upper \(upper)", fix: "make lower smaller than upper")
            }
            if let previous = levels.last {
                if duty < previous.duty {
                    log.add(item.location, "level duty must not fall: \(duty) after \(previous.duty)", fix: "order levels from slowest to fastest")
                }
                if let lower, let previousUpper = previous.upper, lower > previousUpper {
                    log.add(item.location, "level \(index + 1)'s lower \(lower) is above level \(index)'s upper \(previousUpper)",
                            fix: "levels must overlap or touch: set lower to \(previousUpper) or less")
                }
            }
            levels.append(StepLevel(duty: duty, lower: isFirst ? nil : lower, upper: isLast ? nil : upper))
        }
        return levels.count == items.count ? levels : nil
    }
}
