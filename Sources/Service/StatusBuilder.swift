import ConfigReading
import FanControl
import Hardware
import StatusSchema

/// Builds the status from a tick's report and the cards' telemetry. Made once per config: it
/// keeps which of the plan's sensors belong to which card, and the cards as their telemetry
/// last showed them (refreshed every few seconds, not every tick).
struct StatusBuilder {
    let loaded: LoadedConfig
    /// Per card of the config: the plan's sensors on it (index into the plan's sensors, the
    /// sensor's name on the card, whether it is a temperature).
    private let cardSensors: [[(index: Int, sensor: String, temperature: Bool)]]
    /// The cards as the telemetry shows them, before the loop's readings (see ``refresh(telemetry:)``).
    private var telemetryCards: [ServiceStatus.Card] = []

    /// A builder for `loaded`; call ``refresh(telemetry:)`` before the first build.
    init(loaded: LoadedConfig) {
        self.loaded = loaded
        let sensors = loaded.plan.sensors
        cardSensors = loaded.config.gpus.map { gpu in
            sensors.enumerated().compactMap { index, spec in
                spec.name.hasPrefix(gpu.name + ".")
                    ? (index, String(spec.name.dropFirst(gpu.name.count + 1)), spec.kind == .temperature) : nil
            }
        }
    }

    /// Rebuilds the cards' part that comes from their telemetry (clocks, power, limits), after
    /// the telemetry was read again.
    mutating func refresh(telemetry: [String: (GPUDevice, GPUTelemetry)]) {
        telemetryCards = loaded.config.gpus.map { gpu in
            // Bound once: each `found?.…` would copy the device and its telemetry.
            guard let (device, values) = telemetry[gpu.name] else { return ServiceStatus.Card(name: gpu.name) }
            var card = ServiceStatus.Card(name: gpu.name, device: device, telemetry: values)
            card.temperatures["edge"] = values.edge
            card.temperatures["junction"] = values.junction
            card.temperatures["mem"] = values.mem
            return card
        }
    }

    /// `base` is the previous status and `previousDecisions` the decisions it was built from: a
    /// fan whose decision did not change keeps its explanation instead of having it written again.
    func build(report: TickReport, loop: ControlLoop, base: ServiceStatus, previousDecisions: [FanDecision] = []) -> ServiceStatus {
        var status = base
        let plan = loaded.plan
        status.cards = zip(telemetryCards, cardSensors).map { telemetryCard, sensors in
            var card = telemetryCard
            // The loop's own readings win: they are what the fans acted on.
            for (index, sensor, temperature) in sensors {
                switch report.readings[index] {
                case .value(let value, _):
                    if temperature { card.temperatures[sensor] = value }
                case .fault(let fault):
                    card.faults[sensor] = "\(fault)"
                    card.temperatures[sensor] = nil
                }
            }
            return card
        }
        let identities = loop.outputIdentities
        status.fans = loaded.config.fans.enumerated().map { index, fan in
            let decision = report.decisions[index]
            let mode: String
            if identities[index] == nil { mode = "no output" }
            else if decision.notes.contains(.failSafe) { mode = "fail-safe" }
            else if decision.notes.contains(.critical) { mode = "critical" }
            else if decision.notes.contains(.stopped) { mode = "stopped" }
            else { mode = "curve" }
            let curve = decision.selection.map { plan.fans[index].selections[$0].curve.name }
            // This fan as the previous status showed it (none after a reload changed the fans).
            let previous = index < base.fans.count && index < previousDecisions.count && base.fans[index].name == fan.name
                ? (fan: base.fans[index], decision: previousDecisions[index]) : nil
            let why = previous.flatMap { $0.decision == decision ? $0.fan.why : nil }
                ?? DecisionExplanation.text(decision, plan: plan, fan: index)
            return ServiceStatus.Fan(name: fan.name, output: identities[index], dutyPercent: (decision.duty.percent * 10).rounded() / 10,
                                     rpm: Self.displayedRPM(report.rpm[index], shown: previous?.fan.rpm), mode: mode, curve: curve,
                                     why: why, stalled: report.stalled[index], error: report.outputErrors[index])
        }
        var faults: [String] = []
        for card in status.cards { for (sensor, fault) in card.faults.sorted(by: { $0.key < $1.key }) { faults.append("\(card.name).\(sensor): \(fault)") } }
        for fan in status.fans {
            if fan.mode == "fail-safe" { faults.append("fan \(fan.name): fail-safe") }
            if fan.stalled { faults.append("fan \(fan.name): stalled") }
            if let error = fan.error { faults.append(error) }
        }
        status.faults = faults
        return status
    }

    /// The RPM the status shows: the reading, unless it is within the tach's jitter (1%, at
    /// least 10 RPM) of what the status shows already. A steady fan then does not rewrite the
    /// status file every tick; the control loop and stall detection use every reading as it is.
    static func displayedRPM(_ reading: Int?, shown: Int?) -> Int? {
        guard let reading, let shown, reading > 0, shown > 0 else { return reading }
        return abs(reading - shown) <= max(10, shown / 100) ? shown : reading
    }
}
