/// Decodes one entry of `fans:`.
struct FanConfigDecoder {
    let log: ProblemLog
    /// Every sensor name the config's GPUs offer, with its kind.
    let sensors: [String: SensorKind]

    func decode(_ node: ConfigNode, index: Int) -> FanConfig? {
        guard var map = MappingReader(node, context: "fans[\(index)]", log: log) else { return nil }
        let name = log.text(map.required("name", fix: "add `name: blower`"), "name")
        let output = decodeOutput(map.required("output", fix: "add `output:` with `hwmon:`, `gpio:` or `pwm:` under it"))
        let tach = decodeTach(map.value("tach"))
        let limits = decodeLimits(map.value("limits"))
        let curve = decodeCurveReference(map.value("curve"))
        let inputs = decodeInputs(map.required("sensors", fix: "add `sensors: [mi50.junction, mi50.mem]`"))
        let hysteresis = CurveDecoder.decodeHysteresis(map.value("hysteresis"), log: log)
        let smoothing = log.timeSpan(map.value("smoothing"), "smoothing").map(DownSmoothing.init)
        let feedForward = decodeFeedForward(map.value("feed_forward"))
        let spikeFilter = decodeSpikeFilter(map.value("spike_filter"), inputs: inputs)
        let failSafe = decodeFailSafe(map.value("fail_safe"))
        map.finish()
        if curve == nil {
            for input in inputs where input.curve == nil {
                log.add(input.location, "sensor \(input.sensors.joined(separator: ", ")) has no curve",
                        fix: "give the fan a `curve:` (like `mi50-blower-balanced`) or this sensor its own")
            }
        }
        guard let name, let output, let limits else { return nil }
        if !isIdentifier(name) {
            log.add(node.location, "fan name `\(name)` may only hold letters, digits, `-` and `_`", fix: "rename it, e.g. `blower`")
        }
        return FanConfig(name: name, output: output, outputLocation: map.keyLocation("output") ?? node.location, tach: tach, limits: limits, curve: curve, inputs: inputs,
                         hysteresis: hysteresis, smoothing: smoothing, feedForward: feedForward,
                         spikeFilter: spikeFilter, failSafe: failSafe, location: node.location)
    }

    private func decodeOutput(_ node: ConfigNode?) -> FanOutputConfig? {
        guard let node, var map = MappingReader(node, context: "output", log: log) else { return nil }
        let hwmon = map.value("hwmon"), gpio = map.value("gpio"), pwm = map.value("pwm")
        map.finish()
        let given = [hwmon, gpio, pwm].compactMap { $0 }
        guard given.count == 1 else {
            log.add(node.location, given.isEmpty ? "output names no device" : "output names more than one device",
                    fix: "give exactly one of `hwmon:`, `gpio:` or `pwm:`")
            return nil
        }
        if let hwmon, var chipMap = MappingReader(hwmon, context: "output.hwmon", log: log) {
            let chipNode = chipMap.required("chip", fix: "add the chip's hwmon name, like `chip: nct6798` (see `mi50fan detect`)")
            let chip = log.text(chipNode, "chip")
            let device = log.text(chipMap.value("device"), "device")
            let index = log.integer(chipMap.required("pwm", fix: "add the header's number, like `pwm: 2`"), "pwm", range: 1...16)
            chipMap.finish()
            guard let chip, let index else { return nil }
            if chip == "amdgpu" {
                log.add(chipNode?.location ?? hwmon.location, "`amdgpu` has no fan output on a passive MI50: its pwm1 drives nothing",
                        fix: "use the motherboard header the fan is plugged into (see `mi50fan detect`)")
                return nil
            }
            return .hwmon(chip: chip, device: device, index: index)
        }
        if let gpio, var lineMap = MappingReader(gpio, context: "output.gpio", log: log) {
            let chip = log.text(lineMap.required("chip", fix: "add the chip's label or name, like `chip: gpiochip0` (see `gpiodetect`)"), "chip")
            let line = log.integer(lineMap.required("line", fix: "add the line offset, like `line: 17`"), "line", range: 0...1023)
            let activeLow = log.boolean(lineMap.value("active_low"), "active_low") ?? false
            var frequency: Double?
            if let node = lineMap.value("pwm_frequency"), let text = log.text(node, "pwm_frequency") {
                let body = text.hasSuffix("Hz") ? String(text.dropLast(2)) : text
                if let value = Double(body.trimmingSpaces()), (1...200).contains(value) {
                    frequency = value
                } else {
                    log.add(node.location, "pwm_frequency `\(text)` must be 1...200 Hz", fix: "software PWM needs a low frequency, like `25Hz`")
                }
            }
            lineMap.finish()
            guard let chip, let line else { return nil }
            return .gpio(GPIOOutputConfig(chip: chip, line: line, activeLow: activeLow, pwmFrequency: frequency))
        }
        if let pwm, var pwmMap = MappingReader(pwm, context: "output.pwm", log: log) {
            let chip = log.text(pwmMap.required("chip", fix: "add the PWM chip's device, like `chip: 1c21400.pwm`"), "chip")
            let channel = log.integer(pwmMap.required("channel", fix: "add `channel: 0`"), "channel", range: 0...63)
            let period = log.timeSpan(pwmMap.value("period"), "period") ?? TimeSpan(seconds: 0.00004)
            pwmMap.finish()
            guard let chip, let channel else { return nil }
            return .pwmClass(chip: chip, channel: channel, period: period)
        }
        return nil
    }

    private func decodeTach(_ node: ConfigNode?) -> TachConfig? {
        guard let node, var map = MappingReader(node, context: "tach", log: log) else { return nil }
        let chip = log.text(map.required("chip", fix: "add the hwmon chip, like `chip: nct6798`"), "chip")
        let device = log.text(map.value("device"), "device")
        let index = log.integer(map.required("fan", fix: "add the `fanN_input` number, like `fan: 2`"), "fan", range: 1...16)
        let stall = log.integer(map.value("stall_ticks"), "stall_ticks", range: 1...600) ?? 5
        map.finish()
        guard let chip, let index else { return nil }
        return TachConfig(chip: chip, device: device, index: index, stallTicks: stall)
    }

    private func decodeLimits(_ node: ConfigNode?) -> FanLimits? {
        var limits = FanLimits.unrestricted
        guard let node else { return limits }
        guard var map = MappingReader(node, context: "limits", log: log) else { return nil }
        if let value = log.duty(map.value("min_duty"), "min_duty") { limits.minimum = value }
        if let value = log.duty(map.value("max_duty"), "max_duty") { limits.maximum = value }
        if let value = log.duty(map.value("start_duty"), "start_duty") { limits.startDuty = value }
        if let value = log.timeSpan(map.value("kick_time"), "kick_time") { limits.kickTime = value }
        limits.stopBelow = log.duty(map.value("stop_below"), "stop_below")
        map.finish()
        if limits.minimum > limits.maximum {
            log.add(node.location, "min_duty \(limits.minimum) is above max_duty \(limits.maximum)", fix: "lower min_duty or raise max_duty")
        }
        if let stop = limits.stopBelow, stop > limits.minimum {
            log.add(node.location, "stop_below \(stop) is above min_duty \(limits.minimum)",
                    fix: "the fan stops below stop_below and runs at least at min_duty: set stop_below at or under min_duty")
        }
        if limits.startDuty > .off && limits.kickTime == .zero && map.has("start_duty") {
            limits.kickTime = TimeSpan(seconds: 2)
        }
        return limits
    }

    func decodeCurveReference(_ node: ConfigNode?) -> CurveReference? {
        guard let node else { return nil }
        if let text = node.scalarText {
            let name = text.hasSuffix(".yaml") ? String(text.dropLast(5)) : text
            guard isIdentifier(name) || name.allSatisfy({ $0 != "/" && $0 != "\0" }) && !name.hasPrefix(".") else {
                log.add(node.location, "curve name `\(text)` is not a file name", fix: "name a file in the curves directory, like `mi50-blower-balanced`")
                return nil
            }
            return .named(name, node.location)
        }
        return CurveDecoder.decode(node, name: "inline", log: log).map(CurveReference.inline)
    }

    private func decodeInputs(_ node: ConfigNode?) -> [InputConfig] {
        guard let items = log.sequence(node, "sensors") else { return [] }
        if items.isEmpty, let node { log.add(node.location, "sensors is empty", fix: "name at least one, like `mi50.junction`") }
        var inputs: [InputConfig] = []
        for item in items {
            if let text = item.scalarText {
                if checkSensor(text, at: item.location, kinds: [.temperature]) {
                    inputs.append(InputConfig(sensors: [text], aggregate: .max, curve: nil, location: item.location))
                }
                continue
            }
            guard var map = MappingReader(item, context: "sensor entry", log: log) else { continue }
            var names: [String] = []
            if let one = log.text(map.value("sensor"), "sensor") { names.append(one) }
            if let many = log.sequence(map.value("sensors"), "sensors") { names += many.compactMap { log.text($0, "sensor") } }
            var aggregate = Aggregate.max
            if let node = map.value("aggregate"), let text = log.text(node, "aggregate") {
                if let value = Aggregate(rawValue: text) { aggregate = value } else {
                    log.add(node.location, "aggregate `\(text)` is unknown", fix: "use `max` or `average`")
                }
            }
            let curve = decodeCurveReference(map.value("curve"))
            map.finish()
            if names.isEmpty { log.add(item.location, "sensor entry names no sensor", fix: "add `sensor: mi50.junction`"); continue }
            if names.allSatisfy({ checkSensor($0, at: item.location, kinds: [.temperature]) }) {
                inputs.append(InputConfig(sensors: names, aggregate: aggregate, curve: curve, location: item.location))
            }
        }
        return inputs
    }

    @discardableResult
    func checkSensor(_ name: String, at location: SourceLocation, kinds: Set<SensorKind>) -> Bool {
        guard let kind = sensors[name] else {
            let known = sensors.filter { kinds.contains($0.value) }.keys.sorted()
            let suggestion = closestMatch(to: name, among: known)
            if known.isEmpty {
                log.add(location, "no sensor `\(name)`: no GPU is configured", fix: "list the card under `gpus:` first (see `mi50fan detect`)")
                return false
            }
            log.add(location, "no sensor `\(name)`",
                    fix: suggestion.map { "did you mean `\($0)`?" } ?? "sensors are GPU name + `.edge`, `.junction`, `.mem`, `.power` or `.busy`; configured: \(known.joined(separator: ", "))")
            return false
        }
        guard kinds.contains(kind) else {
            log.add(location, "sensor `\(name)` measures \(kind.rawValue), not \(kinds.map(\.rawValue).sorted().joined(separator: " or "))",
                    fix: kinds.contains(.temperature) ? "fans follow temperatures: use `.edge`, `.junction` or `.mem`" : "use `.power` or `.busy`")
            return false
        }
        return true
    }

    private func decodeFeedForward(_ node: ConfigNode?) -> FeedForwardConfig? {
        guard let node, var map = MappingReader(node, context: "feed_forward", log: log) else { return nil }
        let sensor = log.text(map.required("sensor", fix: "add `sensor: mi50.power`"), "sensor")
        let thresholdNode = map.required("threshold", fix: "add `threshold: 100W`: load above it raises the fan")
        let gainNode = map.required("gain", fix: "add `gain: 0.2%/W`")
        let maximum = log.duty(map.value("max"), "max")?.fraction ?? 0.3
        let decay = log.timeSpan(map.value("decay"), "decay") ?? TimeSpan(seconds: 10)
        let fade = log.timeSpan(map.value("fade"), "fade") ?? .zero
        map.finish()
        guard let sensor, checkSensor(sensor, at: node.location, kinds: [.power, .busy]) else { return nil }
        let isPower = sensors[sensor] == .power
        var threshold: Double?
        if let thresholdNode, let text = log.text(thresholdNode, "threshold") {
            threshold = isPower ? UnitParsing.watts(text) : UnitParsing.percent(text)
            if threshold == nil { log.add(thresholdNode.location, "threshold `\(text)` is not a \(isPower ? "power" : "percentage")", fix: isPower ? "write watts, like `100W`" : "write a percentage, like `50%`") }
        }
        var gain: Double?
        if let gainNode, let text = log.text(gainNode, "gain") {
            gain = UnitParsing.gain(text)
            let unit = isPower ? "%/W" : "%/%"
            if gain == nil || !text.hasSuffix(unit) {
                log.add(gainNode.location, "gain `\(text)` is not in \(unit)", fix: "write duty percent per \(isPower ? "watt" : "busy percent"), like `0.2\(unit)`")
                gain = nil
            }
        }
        guard let threshold, let gain else { return nil }
        return FeedForwardConfig(sensor: sensor, threshold: threshold, gain: gain, maximum: maximum, decay: decay, fade: fade, location: node.location)
    }

    private func decodeSpikeFilter(_ node: ConfigNode?, inputs: [InputConfig]) -> SpikeFilterConfig? {
        guard let node, var map = MappingReader(node, context: "spike_filter", log: log) else { return nil }
        let base = log.text(map.required("base", fix: "add `base: mi50.edge` (the card's heat sink)"), "base")
        let riseNode = map.value("rise")
        let rise = log.timeSpan(riseNode, "rise") ?? TimeSpan(seconds: 45)
        let fall = log.timeSpan(map.value("fall"), "fall") ?? TimeSpan(seconds: 3)
        map.finish()
        if rise < TimeSpan(seconds: 1) {
            log.add(riseNode?.location ?? node.location, "a spike filter's rise under 1s filters nothing",
                    fix: "use a time constant like `rise: 45s`, or remove `spike_filter`")
            return nil
        }
        guard let base, checkSensor(base, at: node.location, kinds: [.temperature]) else { return nil }
        guard base.hasSuffix(".edge"), let dot = base.lastIndex(of: ".") else {
            log.add(node.location, "the spike filter's base `\(base)` is not an edge sensor",
                    fix: "use the card's heat sink: `\(base.split(separator: ".").first.map(String.init) ?? "NAME").edge`")
            return nil
        }
        let card = base[..<dot]
        for input in inputs {
            for sensor in input.sensors where sensor.lastIndex(of: ".").map({ sensor[..<$0] }) != card {
                log.add(node.location, "the spike filter reads card `\(card)` but this fan also follows `\(sensor)`",
                        fix: "a spike filter is for a fan that follows one card: remove it here, or give each card's fan its own")
                return nil
            }
        }
        return SpikeFilterConfig(base: base, rise: rise, fall: fall, location: node.location)
    }

    private func decodeFailSafe(_ node: ConfigNode?) -> FailSafePolicy {
        var policy = FailSafePolicy.standard
        guard let node, var map = MappingReader(node, context: "fail_safe", log: log) else { return policy }
        if let duty = log.duty(map.value("duty"), "duty") {
            if duty < Duty(percent: 50), let location = map.value("duty")?.location {
                log.add(location, "fail-safe duty \(duty) is below 50%", fix: "fail-safe runs when the temperature is unknown: use 100% or close to it")
            }
            policy.duty = duty
        }
        if let count = log.integer(map.value("after_failures"), "after_failures", range: 1...10) { policy.afterFailures = count }
        if let count = log.integer(map.value("recover_after"), "recover_after", range: 1...100) { policy.recoverAfter = count }
        if let age = log.optionalTimeSpan(map.value("max_age"), "max_age") { policy.maximumAge = age }
        if let frozen = log.optionalTimeSpan(map.value("frozen_after"), "frozen_after") { policy.frozenAfter = frozen }
        if let detect = log.boolean(map.value("frozen_under_load"), "frozen_under_load") { policy.detectsFrozenUnderLoad = detect }
        map.finish()
        return policy
    }
}
