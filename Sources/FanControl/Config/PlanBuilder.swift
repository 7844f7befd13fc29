/// Turns a decoded config and its curves into the controller's ``ControlPlan``.
public enum PlanBuilder {
    /// Builds the plan. `curves` holds every named curve the config refers to; a missing one
    /// is a problem at the place that names it.
    public static func plan(for config: Config, curves: [String: FanCurve]) -> Result<ControlPlan, ConfigProblems> {
        let log = ProblemLog()
        var sensors: [SensorSpec] = []
        func index(of name: String) -> Int {
            if let existing = sensors.firstIndex(where: { $0.name == name }) { return existing }
            let kind = ConfigDecoder.gpuSensors.first { name.hasSuffix(".\($0.name)") }?.kind ?? .temperature
            sensors.append(SensorSpec(name: name, kind: kind))
            return sensors.count - 1
        }
        func resolve(_ reference: CurveReference?) -> FanCurve? {
            switch reference {
            case .inline(let curve)?: return curve
            case .named(let name, let location)?:
                if let curve = curves[name] { return curve }
                log.add(location, "no curve `\(name)`", fix: "add `\(name).yaml` to the curves directory or name an existing curve (`mi50fan curve list`)")
                return nil
            case nil: return nil
            }
        }
        var fans: [FanPlan] = []
        for fan in config.fans {
            let fanCurve = resolve(fan.curve)
            var selections: [SensorSelection] = []
            for input in fan.inputs {
                guard let curve = input.curve.map({ resolve($0) }) ?? fanCurve else { continue }
                let name = input.sensors.count == 1
                    ? input.sensors[0] : "\(input.aggregate.rawValue)(\(input.sensors.joined(separator: ", ")))"
                selections.append(SensorSelection(name: name, sensors: input.sensors.map(index(of:)),
                                                  aggregate: input.aggregate, curve: curve))
            }
            let feedForward = fan.feedForward.map {
                FeedForward(sensor: index(of: $0.sensor), threshold: $0.threshold, gain: $0.gain,
                            maximum: $0.maximum, decay: $0.decay, fade: $0.fade)
            }
            let spikeFilter = fan.spikeFilter.map { SpikeFilter(base: index(of: $0.base), rise: $0.rise, fall: $0.fall) }
            fans.append(FanPlan(name: fan.name, selections: selections, limits: fan.limits, failSafe: fan.failSafe,
                                feedForward: feedForward, hysteresis: fan.hysteresis ?? fanCurve?.hysteresis,
                                smoothing: fan.smoothing ?? fanCurve?.smoothing, spikeFilter: spikeFilter))
        }
        if !log.isEmpty { return .failure(ConfigProblems(log.problems)) }
        // A card's junction (the die's hot spot, which follows power within a second) watches
        // its card's power, so a value stuck under a changing load is caught
        // (FailSafePolicy.detectsFrozenUnderLoad). Edge and HBM lag behind their heat sink.
        for position in sensors.indices where sensors[position].name.hasSuffix(".junction") {
            guard let dot = sensors[position].name.lastIndex(of: ".") else { continue }
            sensors[position].load = index(of: String(sensors[position].name[..<dot]) + ".power")
        }
        return .success(ControlPlan(sensors: sensors, fans: fans))
    }
}
