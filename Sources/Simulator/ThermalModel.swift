/// The lumped thermal model of an MI50 with a retrofitted fan: die, HBM and heatsink masses,
/// heat from board power, cooling that grows with airflow, a fan with stall and lag, and the
/// card's own throttling. Pure: state in, time step in, state out.
public struct ThermalModel: Sendable {
    /// The constants.
    public let parameters: MI50Parameters

    /// Junction (die hotspot), HBM and heatsink temperatures, °C.
    public private(set) var junction: Double, hbm: Double, sink: Double
    /// Edge sensor, °C (follows the sink and power with a short lag).
    public private(set) var edge: Double
    /// Fan speed, RPM.
    public private(set) var rpm = 0.0
    /// Board power now, W.
    public private(set) var power: Double
    /// The load the work asks for, 0...1.
    public private(set) var load = 0.0
    /// The clock factor the thermal limiter allows, 0.5...1.
    public private(set) var thermalClock = 1.0
    /// The clock factor the power cap allows, 0...1.
    public private(set) var powerClock = 1.0
    /// Which limits hold the clock down right now.
    public private(set) var limits: ThrottleState = []
    private var lastThermal: ThrottleState = .junction

    /// A cold card at ambient with the fan stopped.
    public init(parameters: MI50Parameters = MI50Parameters()) {
        self.parameters = parameters
        junction = parameters.ambient
        hbm = parameters.ambient
        sink = parameters.ambient
        edge = parameters.ambient
        power = parameters.idlePower
    }

    /// The effective clock factor (the smaller limit wins).
    public var clockFactor: Double { min(thermalClock, powerClock) }

    /// The current graphics clock, MHz.
    public var sclk: Double {
        let levels = parameters.sclkLevels
        guard load > 0.05, let low = levels.first, let high = levels.last else { return Double(levels.first ?? 925) }
        return Double(low) + Double(high - low) * clockFactor
    }

    /// The current memory clock, MHz.
    public var mclk: Double { Double(load > 0.05 ? (parameters.mclkLevels.last ?? 1000) : (parameters.mclkLevels.first ?? 350)) }

    /// Whether the card is throttling now.
    public var isThrottling: Bool { !limits.isEmpty }

    /// Advances the model by `seconds` with the work asking for `load` and the fan driven at
    /// `duty` (`stalled`: the fan does not turn whatever the duty).
    public mutating func step(seconds: Double, load: Double, duty: Double, stalled: Bool) {
        var remaining = max(0, seconds)
        self.load = min(1, max(0, load))
        while remaining > 1e-9 {
            let dt = min(0.05, remaining)
            integrate(dt, duty: duty, stalled: stalled)
            remaining -= dt
        }
    }

    private mutating func integrate(_ dt: Double, duty: Double, stalled: Bool) {
        let p = parameters
        // Fan: a stopped fan starts only at start duty; a running one stops below stop duty.
        let running = rpm > 100
        var target = 0.0
        if !stalled && (running ? duty >= p.fanStopDuty : duty >= p.fanStartDuty) { target = p.fanMaxRPM * min(1, duty) }
        rpm += (target - rpm) * min(1, dt / (target > rpm ? p.fanSpinUp : p.fanSpinDown))
        if target == 0 && rpm < 60 { rpm = 0 }   // a coasting fan stops; the tach reads 0

        // Power: the cap limits the clock; thermal limits pull it down further.
        let dynamic = (p.fullLoadPower - p.idlePower) * load
        powerClock = dynamic > 0 ? min(1, (p.powerCap - p.idlePower) / dynamic) : 1
        var thermal: ThrottleState = []
        if junction >= p.junctionLimit { thermal.insert(.junction) }
        if edge >= p.edgeLimit { thermal.insert(.edge) }
        if hbm >= p.hbmLimit { thermal.insert(.hbm) }
        if !thermal.isEmpty {
            lastThermal = thermal
            thermalClock = max(0.5, thermalClock - 0.2 * dt)
        } else if junction < p.junctionLimit - 2 && edge < p.edgeLimit - 2 && hbm < p.hbmLimit - 2 {
            thermalClock = min(1, thermalClock + 0.1 * dt)
        }
        var limiting = thermal
        if load > 0.05 && powerClock < 1 && powerClock <= thermalClock { limiting.insert(.power) }
        if load > 0.05 && thermalClock < 1 && thermal.isEmpty { limiting.formUnion(lastThermal) }   // still recovering
        limits = load > 0.05 ? limiting : []
        power = p.idlePower + dynamic * clockFactor

        // Heat flow.
        let airflow = rpm / p.fanMaxRPM
        let conductance = p.passiveConductance + p.forcedConductance * pow(max(0, airflow), 0.8)
        let hbmPower = p.hbmIdlePower + p.hbmLoadPower * load * clockFactor
        let diePower = max(0, power - hbmPower)
        let dieFlow = (junction - sink) / p.dieToSink
        let hbmFlow = (hbm - sink) / p.hbmToSink
        junction += (diePower - dieFlow) / p.dieCapacity * dt
        hbm += (hbmPower - hbmFlow) / p.hbmCapacity * dt
        sink += (dieFlow + hbmFlow - conductance * (sink - p.ambient)) / p.sinkCapacity * dt
        let edgeTarget = sink + power * p.edgeToSink
        edge += (edgeTarget - edge) * min(1, dt / 3)
    }
}

/// Which limits hold the clock down.
public struct ThrottleState: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Junction (hotspot) limit.
    public static let junction = ThrottleState(rawValue: 1)
    /// Edge limit.
    public static let edge = ThrottleState(rawValue: 2)
    /// HBM limit.
    public static let hbm = ThrottleState(rawValue: 4)
    /// Power cap.
    public static let power = ThrottleState(rawValue: 8)

    /// Vega20's `throttle_status` bits for these limits (1 edge, 2 hotspot, 3 HBM, 13 PPT).
    public var vega20Bits: UInt32 {
        var bits: UInt32 = 0
        if contains(.edge) { bits |= 1 << 1 }
        if contains(.junction) { bits |= 1 << 2 }
        if contains(.hbm) { bits |= 1 << 3 }
        if contains(.power) { bits |= 1 << 13 }
        return bits
    }
}

#if canImport(Glibc)
import Glibc
#endif
