import Testing
@testable import FanControl

@Test("rise step: one write covers the next degrees of a climb, and a degree back after a fall does not write")
func riseStepScript() {
    // Rig curve: 1%/°C from 40 to 60 °C, 2%/°C from 60 to 80 °C.
    var controller = Rig.single(hysteresis: Hysteresis(minimumStep: 0.05, riseStep: 0.06))
    let script: [(celsius: Double, percent: Double, notes: DecisionNotes)] = [
        (60, 40, []),                    // first tick: the curve's duty
        (61, 48, []),                    // rises at once, 6% above the curve's 42%
        (63, 48, []), (64, 48, []),      // 46% and 48% asked: inside the band, nothing changes
        (65, 56, []),                    // 50% asked: above the fan, rises to 56%
        (64, 56, .minimumStepHeld),      // 48% asked, the band's top is 54%: a fall under 5%
        (60, 46, []),                    // 40% asked: down to the band's top, 46%
        (61, 46, []),                    // 42% asked: a degree back up writes nothing
    ]
    for (index, tick) in script.enumerated() {
        let decision = controller.step(tick.celsius, at: Double(index))
        #expect(near(decision.duty, tick.percent), "tick \(index): \(decision.duty)")
        #expect(decision.notes == tick.notes, "tick \(index)")
    }
}

@Test("with a rise step the fan is never below the curve, and changes speed less often than without one",
      arguments: [0.04, 0.08, 0.2])
func riseStepNeverBelowCurve(riseStep: Double) {
    let delay = TimeSpan(seconds: 5)
    var stepped = Rig.single(hysteresis: Hysteresis(spinDownDelay: delay, minimumStep: 0.05, riseStep: riseStep))
    var plain = Rig.single(hysteresis: Hysteresis(spinDownDelay: delay, minimumStep: 0.05))
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var celsius = 60.0
    var changes = (stepped: 0, plain: 0)
    var last = (stepped: Duty?.none, plain: Duty?.none)
    for second in 0..<5000 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let move = Double(Int(state >> 33) % 9) - 4          // -4...+4 °C a tick, quantised
        celsius = min(95, max(30, (celsius + move).rounded()))
        let curve = FanCurve.interpolate(Rig.points, at: Temperature(celsius: celsius)).0
        let withStep = stepped.step(celsius, at: Double(second)).duty
        let without = plain.step(celsius, at: Double(second)).duty
        #expect(withStep.fraction >= curve.fraction - 1e-12, "t=\(second) \(celsius) °C: \(withStep) below \(curve)")
        if let previous = last.stepped, previous != withStep { changes.stepped += 1 }
        if let previous = last.plain, previous != without { changes.plain += 1 }
        last = (withStep, without)
    }
    #expect(changes.stepped < changes.plain, "\(changes)")
}

@Test("a rise step never holds back critical: full speed at once, and back to the curve below it")
func riseStepAndCritical() {
    var curve = FanCurve.linear(Rig.points)
    curve.critical = Temperature(celsius: 85)
    var controller = Rig.single(curve: curve, hysteresis: Hysteresis(minimumStep: 0.05, riseStep: 0.1))
    #expect(near(controller.step(60, at: 0).duty, 40))
    let hot = controller.step(85, at: 1)
    #expect(near(hot.duty, 100))
    #expect(hot.notes.contains(.critical))
    #expect(near(controller.step(70, at: 2).duty, 70))       // 60% asked, 10% above it
}

@Test("after a load an idle card's fan comes back to the curve's floor, whatever its rise and minimum steps; above the floor the band stays")
func backToTheFloor() {
    // Rig curve: 20% up to 40 °C. A 15 s delay, 15% steps and a 12% rise step, as the spike
    // filter's configs take: without the floor rule the fan stayed at 32% or more for good.
    var clock = HeldClock(controller: Rig.single(hysteresis: Hysteresis(spinDownDelay: TimeSpan(seconds: 15), minimumStep: 0.15, riseStep: 0.12)))
    func hold(_ celsius: Double, for seconds: Int) -> FanDecision { clock.hold(celsius, for: seconds) }
    #expect(near(hold(60, for: 5).duty, 40))
    #expect(near(hold(70, for: 30).duty, 60 + 12), "60% asked at 70 °C: 12% above it")
    // Down to 50 °C (30% asked): after the delay, down to the band's top, 42%.
    #expect(near(hold(50, for: 30).duty, 42))
    // A cool card (20% asked, the floor): 22 points down, and the floor itself, not the band's top.
    let idle = hold(35, for: 16)
    #expect(near(idle.duty, 20), "\(idle.duty)")
    #expect(!idle.notes.contains(.minimumStepHeld))
    // Warm again, a little: above the floor the band and the minimum step hold as before.
    #expect(near(hold(45, for: 1).duty, 25 + 12), "a rise goes 12% above the 25% asked")
    let held = hold(43, for: 20)
    #expect(near(held.duty, 37), "23% asked: 2% under the band's top is under the 15% step")
    #expect(held.notes.contains(.minimumStepHeld))
}

@Test("a smoothed fall ends at its target instead of creeping on in steps no header can show")
func smoothedFallEnds() {
    var controller = Rig.single(hysteresis: Hysteresis(spinDownDelay: TimeSpan(seconds: 15), minimumStep: 0.15, riseStep: 0.12),
                                smoothing: DownSmoothing(timeConstant: TimeSpan(seconds: 10)))
    _ = controller.step(60, at: 0)
    _ = controller.step(80, at: 1)                       // 80% asked: full speed (92% is within a step of it)
    var duties: [Double] = []
    for second in 2..<400 { duties.append(controller.step(35, at: Double(second)).duty.fraction) }
    let reached = duties.firstIndex { $0 == 0.2 }
    #expect(reached != nil, "down at the floor's 20% exactly")
    #expect(reached.map { $0 < 120 } ?? false, "within two minutes of the load (\(reached ?? -1) s)")
    #expect(Set(duties[(reached ?? 0)...]).count == 1, "and nothing written after")
}

@Test("a rise that would end within a minimum step of the fan's maximum goes to the maximum at once",
      arguments: [(maximum: 1.0, demand: 0.75, expected: 1.0), (maximum: 1.0, demand: 0.5, expected: 0.62),
                  (maximum: 0.8, demand: 0.5, expected: 0.8), (maximum: 0.8, demand: 0.3, expected: 0.42),
                  (maximum: 0.8, demand: 0.9, expected: 1.0)])
func riseToTheTop(maximum: Double, demand: Double, expected: Double) {
    let hysteresis = Hysteresis(minimumStep: 0.3, riseStep: 0.12)
    #expect(abs(hysteresis.risen(to: demand, maximum: maximum) - expected) < 1e-12)
}

@Test("without a minimum step a rise goes to the band's top, as before; without a rise step the fan follows its curve up")
func riseWithoutEitherStep() {
    #expect(abs(Hysteresis(riseStep: 0.12).risen(to: 0.75, maximum: 1) - 0.87) < 1e-12)
    #expect(abs(Hysteresis(minimumStep: 0.3).risen(to: 0.75, maximum: 1) - 0.75) < 1e-12)
}

@Test("a climb near the top of the curve ends at full speed in one write, not in a last small step")
func climbEndsAtTheTop() {
    // Rig curve: 2%/°C from 60 to 80 °C. 30% steps and a 12% rise step, as the spike filter's configs take.
    var controller = Rig.single(hysteresis: Hysteresis(spinDownDelay: TimeSpan(seconds: 15), minimumStep: 0.3, riseStep: 0.12))
    #expect(near(controller.step(60, at: 0).duty, 40))
    #expect(near(controller.step(66, at: 1).duty, 52 + 12), "52% asked: the band's top, far from full speed")
    let top = controller.step(75, at: 2)
    #expect(near(top.duty, 100), "70% asked: 82% would leave an 18% step to full speed, under the 30% step: \(top.duty)")
    var writes = 0
    var last = top.duty
    for second in 3..<60 {
        let duty = controller.step(78, at: Double(second)).duty
        if duty != last { writes += 1 }
        last = duty
    }
    #expect(writes == 0, "a card that warms on to 78 °C (76% asked) writes nothing more")
}

@Test("with a fall margin a fall lands that far above the curve instead of at the band's top; rising is unchanged")
func fallMargin() {
    // Rig curve: 2%/°C from 60 to 80 °C. 30% steps, a 12% rise step and a 6% fall margin, as the spike filter's configs take.
    var clock = HeldClock(controller: Rig.single(hysteresis: Hysteresis(spinDownDelay: TimeSpan(seconds: 15), minimumStep: 0.3, riseStep: 0.12, fallMargin: 0.06)))
    func hold(_ celsius: Double, for seconds: Int) -> FanDecision { clock.hold(celsius, for: seconds) }
    #expect(near(hold(60, for: 1).duty, 40))
    #expect(near(hold(66, for: 1).duty, 52 + 12), "a rise still goes the whole rise step above the curve")
    #expect(near(hold(58, for: 16).duty, 64), "38% asked: 44% would be a 20% fall, under the 30% step")
    #expect(near(hold(48, for: 16).duty, 28 + 6), "28% asked: down 30%, to 6% above it; without the margin 40% would be under the step")
    #expect(near(hold(53, for: 1).duty, 34), "33% asked, under the fan: nothing written")
    #expect(near(hold(55, for: 1).duty, 35 + 12), "35% asked, over it: up the rise step")
}

/// A controller fed one temperature a second for a while, on its own clock.
private struct HeldClock {
    var controller: Controller
    var second = 0.0

    /// Ticks `seconds` times at `celsius`; returns the last decision.
    mutating func hold(_ celsius: Double, for seconds: Int) -> FanDecision {
        var decision = FanDecision(duty: .off)
        for _ in 0..<seconds {
            decision = controller.step(celsius, at: second)
            second += 1
        }
        return decision
    }
}
