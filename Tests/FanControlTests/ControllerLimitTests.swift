import Testing
@testable import FanControl

struct LimitCase: Sendable, CustomTestStringConvertible {
    let celsius: Double
    let limits: FanLimits
    let critical: Double?
    let percent: Double
    let notes: DecisionNotes
    var testDescription: String { "\(celsius)°C -> \(percent)%" }
}

@Test("limits, stop threshold and critical temperature", arguments: [
    LimitCase(celsius: 50, limits: .unrestricted, critical: nil, percent: 30, notes: []),
    LimitCase(celsius: 30, limits: FanLimits(minimum: Duty(percent: 25)), critical: nil, percent: 25, notes: .clampedToMinimum),
    LimitCase(celsius: 85, limits: FanLimits(maximum: Duty(percent: 70)), critical: nil, percent: 70, notes: .clampedToMaximum),
    LimitCase(celsius: 30, limits: FanLimits(minimum: Duty(percent: 30), stopBelow: Duty(percent: 25)), critical: nil, percent: 0, notes: .stopped),
    LimitCase(celsius: 50, limits: FanLimits(minimum: Duty(percent: 35), stopBelow: Duty(percent: 25)), critical: nil, percent: 35, notes: .clampedToMinimum),
    // Critical beats the points and the fan's maximum.
    LimitCase(celsius: 95, limits: FanLimits(maximum: Duty(percent: 60)), critical: 95, percent: 100, notes: .critical),
    LimitCase(celsius: 94.9, limits: FanLimits(maximum: Duty(percent: 60)), critical: 95, percent: 60, notes: .clampedToMaximum),
    LimitCase(celsius: 96, limits: .unrestricted, critical: 95, percent: 100, notes: .critical),
])
func limits(_ example: LimitCase) {
    var curve = FanCurve.linear(Rig.points)
    curve.critical = example.critical.map(Temperature.init(celsius:))
    var controller = Rig.single(curve: curve, limits: example.limits)
    let decision = controller.step(example.celsius, at: 0)
    #expect(abs(decision.duty.percent - example.percent) < 1e-9)
    #expect(decision.notes == example.notes)
}

@Test("a stopped fan is kicked at start duty for the kick time, then settles")
func kick() {
    let limits = FanLimits(minimum: Duty(percent: 25), stopBelow: Duty(percent: 25),
                           startDuty: Duty(percent: 60), kickTime: TimeSpan(seconds: 2))
    var controller = Rig.single(limits: limits)
    let expected: [(Double, Double, Double)] = [  // (time, °C, duty %)
        (0, 50, 60), (1, 50, 60), (1.9, 50, 60), (2, 50, 30), (3, 50, 30),
        (4, 30, 0),      // below stop threshold: stops
        (5, 50, 60), (6.5, 50, 60), (7, 50, 30),  // restarts with a new kick
        (8, 85, 90),     // above start duty: no kick needed
    ]
    for (time, celsius, percent) in expected {
        let decision = controller.step(celsius, at: time)
        #expect(abs(decision.duty.percent - percent) < 1e-9, "at t=\(time)")
    }
}

@Test("a fan found turning when control is taken is not kicked; one that stops later is")
func noKickForATurningFan() {
    let limits = FanLimits(minimum: Duty(percent: 25), stopBelow: Duty(percent: 25),
                           startDuty: Duty(percent: 60), kickTime: TimeSpan(seconds: 2))
    var controller = Rig.single(limits: limits)
    controller.fanIsTurning(0)
    #expect(near(controller.step(50, at: 0).duty, 30), "its curve's 30% at once, no surge to 60%")
    #expect(near(controller.step(30, at: 1).duty, 0), "below the stop threshold: stops")
    #expect(near(controller.step(50, at: 2).duty, 60), "starting from standstill: kicked")
    controller.fanIsTurning(0)
    #expect(near(controller.step(50, at: 3).duty, 60), "a running fan's kick is not cut short by a late call")
}

@Test("a clock jumping backwards cannot stretch a kick")
func kickWithClockJump() {
    let limits = FanLimits(startDuty: Duty(percent: 60), kickTime: TimeSpan(seconds: 2))
    var controller = Rig.single(limits: limits)
    #expect(near(controller.step(50, at: 1000).duty, 60))
    #expect(near(controller.step(50, at: 10).duty, 60))   // jumped back 990 s
    #expect(near(controller.step(50, at: 12).duty, 30))   // kick ends 2 s after the jump
}

@Test("several selections: the most demanding wins and is named")
func severalSelections() {
    let hbm = FanCurve.linear([CurvePoint(celsius: 60, percent: 30), CurvePoint(celsius: 90, percent: 90)])
    let plan = ControlPlan(
        sensors: [SensorSpec(name: "g.junction", kind: .temperature), SensorSpec(name: "g.mem", kind: .temperature)],
        fans: [FanPlan(name: "fan", selections: [
            SensorSelection(name: "g.junction", sensors: [0], curve: .linear(Rig.points)),
            SensorSelection(name: "g.mem", sensors: [1], curve: hbm),
        ])])
    var controller = Controller(plan: plan)
    let cool = controller.step(70, 60, at: 0)
    #expect(near(cool.duty, 60))
    #expect(cool.selection == 0)
    let hotHBM = controller.step(70, 85, at: 1)
    #expect(near(hotHBM.duty, 80))
    #expect(hotHBM.selection == 1)
    #expect(hotHBM.temperature == Temperature(celsius: 85))
}

@Test("aggregates over several cards", arguments: [(Aggregate.max, 80.0), (Aggregate.average, 60.0)])
func aggregates(aggregate: Aggregate, percent: Double) {
    let plan = ControlPlan(
        sensors: (0..<3).map { SensorSpec(name: "gpu\($0).junction", kind: .temperature) },
        fans: [FanPlan(name: "chassis", selections: [
            SensorSelection(name: "all", sensors: [0, 1, 2], aggregate: aggregate, curve: .linear(Rig.points)),
        ])])
    var controller = Controller(plan: plan)
    // 60, 70 and 80 °C: the hottest reads 80% off the curve, the mean (70 °C) 60%.
    #expect(abs(controller.step(60, 70, 80, at: 0).duty.percent - percent) < 1e-9)
}
