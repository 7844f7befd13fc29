import Testing
@testable import FanControl

private let balanced = [
    CurvePoint(celsius: 40, percent: 25), CurvePoint(celsius: 60, percent: 45),
    CurvePoint(celsius: 80, percent: 85), CurvePoint(celsius: 90, percent: 100),
]

struct InterpolationCase: Sendable, CustomTestStringConvertible {
    let points: [CurvePoint]
    let celsius: Double
    let percent: Double
    let spot: FanCurve.Spot
    var testDescription: String { "\(points.count) points at \(celsius)°C -> \(percent)%" }
}

@Test("linear curve: interpolation, flat ends, exact points, vertical steps, single point", arguments: [
    InterpolationCase(points: balanced, celsius: 20, percent: 25, spot: .belowFirst),
    InterpolationCase(points: balanced, celsius: 40, percent: 25, spot: .between(0)),
    InterpolationCase(points: balanced, celsius: 50, percent: 35, spot: .between(0)),
    InterpolationCase(points: balanced, celsius: 70, percent: 65, spot: .between(1)),
    InterpolationCase(points: balanced, celsius: 85, percent: 92.5, spot: .between(2)),
    InterpolationCase(points: balanced, celsius: 90, percent: 100, spot: .beyondLast),
    InterpolationCase(points: balanced, celsius: 149, percent: 100, spot: .beyondLast),
    InterpolationCase(points: balanced, celsius: -40, percent: 25, spot: .belowFirst),
    // Two points at one temperature: a vertical step that takes the higher duty at that point.
    InterpolationCase(points: [.init(celsius: 50, percent: 20), .init(celsius: 60, percent: 30),
                               .init(celsius: 60, percent: 70), .init(celsius: 70, percent: 80)],
                      celsius: 60, percent: 70, spot: .between(2)),
    InterpolationCase(points: [.init(celsius: 50, percent: 20), .init(celsius: 60, percent: 30),
                               .init(celsius: 60, percent: 70), .init(celsius: 70, percent: 80)],
                      celsius: 55, percent: 25, spot: .between(0)),
    InterpolationCase(points: [.init(celsius: 60, percent: 30), .init(celsius: 60, percent: 70)],
                      celsius: 60, percent: 70, spot: .beyondLast),
    InterpolationCase(points: [.init(celsius: 60, percent: 30), .init(celsius: 60, percent: 70)],
                      celsius: 59, percent: 30, spot: .belowFirst),
    // A single point is a flat line.
    InterpolationCase(points: [.init(celsius: 50, percent: 40)], celsius: 10, percent: 40, spot: .belowFirst),
    InterpolationCase(points: [.init(celsius: 50, percent: 40)], celsius: 50, percent: 40, spot: .beyondLast),
    InterpolationCase(points: [.init(celsius: 50, percent: 40)], celsius: 90, percent: 40, spot: .beyondLast),
])
func interpolation(_ example: InterpolationCase) {
    let (duty, spot) = FanCurve.interpolate(example.points, at: Temperature(celsius: example.celsius))
    #expect(abs(duty.percent - example.percent) < 1e-9)
    #expect(spot == example.spot)
}

@Test("an empty curve asks for full speed")
func emptyCurve() {
    #expect(FanCurve.interpolate([], at: Temperature(celsius: 30)).0 == .full)
}

private let onOff = [
    StepLevel(duty: .off, lower: nil, upper: Temperature(celsius: 55)),
    StepLevel(duty: Duty(percent: 50), lower: Temperature(celsius: 48), upper: Temperature(celsius: 70)),
    StepLevel(duty: .full, lower: Temperature(celsius: 65), upper: nil),
]

@Test("step curve: climbs at upper, holds between limits, falls below lower", arguments: [
    (from: 0, celsius: 40.0, level: 0), (from: 0, celsius: 54.9, level: 0), (from: 0, celsius: 55.0, level: 1),
    (from: 1, celsius: 50.0, level: 1), (from: 1, celsius: 48.0, level: 1), (from: 1, celsius: 47.9, level: 0),
    (from: 0, celsius: 90.0, level: 2), (from: 2, celsius: 66.0, level: 2), (from: 2, celsius: 64.0, level: 1),
    (from: 2, celsius: 20.0, level: 0), (from: 7, celsius: 66.0, level: 2), (from: -3, celsius: 20.0, level: 0),
])
func stepLevels(from: Int, celsius: Double, level: Int) {
    #expect(FanCurve.stepLevel(onOff, for: Temperature(celsius: celsius), from: from) == level)
}

@Test("duty parsing accepts percent and fractions, rejects ambiguous and out-of-range text", arguments: [
    ("35%", 0.35 as Double?), ("35 %", 0.35), ("0.35", 0.35), ("0", 0), ("1", 1), ("100%", 1), ("0%", 0),
    ("35", nil), ("101%", nil), ("-1%", nil), ("1.5", nil), ("abc", nil), ("", nil), ("nan%", nil), ("%", nil),
])
func dutyParsing(text: String, fraction: Double?) {
    #expect(Duty(parsing: text)?.fraction == fraction)
}

@Test("Duty clamps into 0...1 and treats NaN as full speed", arguments: [
    (-0.5, 0.0), (0.25, 0.25), (1.5, 1.0), (Double.nan, 1.0), (Double.infinity, 1.0),
])
func dutyClamping(input: Double, expected: Double) {
    #expect(Duty(fraction: input).fraction == expected)
}

@Test("Duty maps onto the output's full scale", arguments: [(0.0, 255, 0), (1.0, 255, 255), (0.5, 255, 128), (0.35, 100, 35)])
func dutyRaw(fraction: Double, maximum: Int, raw: Int) {
    #expect(Duty(fraction: fraction).raw(maximum: maximum) == raw)
}
