@testable import FanControl

/// Builders for small controllers used across the tests.
enum Rig {
    static let points = [
        CurvePoint(celsius: 40, percent: 20), CurvePoint(celsius: 60, percent: 40),
        CurvePoint(celsius: 80, percent: 80), CurvePoint(celsius: 90, percent: 100),
    ]

    /// One junction sensor, one fan on `curve`.
    static func single(
        curve: FanCurve = .linear(points), limits: FanLimits = .unrestricted,
        failSafe: FailSafePolicy = .standard, hysteresis: Hysteresis? = nil, smoothing: DownSmoothing? = nil
    ) -> Controller {
        let plan = ControlPlan(
            sensors: [SensorSpec(name: "gpu.junction", kind: .temperature)],
            fans: [FanPlan(name: "fan", selections: [SensorSelection(name: "gpu.junction", sensors: [0], curve: curve)],
                           limits: limits, failSafe: failSafe, hysteresis: hysteresis, smoothing: smoothing)])
        return Controller(plan: plan)
    }

    static func at(_ seconds: Double) -> Timestamp { Timestamp(seconds: seconds) }
}

extension Controller {
    /// Ticks with one temperature per sensor (nil: a missing file) and returns the first fan's decision.
    @discardableResult
    mutating func step(_ celsius: Double?..., at seconds: Double) -> FanDecision {
        let readings = celsius.map { value -> Reading in
            value.map { .value($0, at: Timestamp(seconds: seconds)) } ?? .fault(.missing)
        }
        return tick(readings: readings, now: Timestamp(seconds: seconds))[0]
    }
}

/// Whether `duty` is `percent` up to floating-point rounding.
func near(_ duty: Duty, _ percent: Double) -> Bool { abs(duty.percent - percent) < 1e-9 }
