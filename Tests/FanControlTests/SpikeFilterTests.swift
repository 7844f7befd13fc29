import Testing
@testable import FanControl

/// Edge (the base) and junction on one card, one fan reading the junction through `curve`.
private func spikeRig(curve: FanCurve = .linear(Rig.points), filtered: Bool = true) -> Controller {
    let plan = ControlPlan(
        sensors: [SensorSpec(name: "g.edge", kind: .temperature), SensorSpec(name: "g.junction", kind: .temperature)],
        fans: [FanPlan(name: "fan", selections: [SensorSelection(name: "g.junction", sensors: [1], curve: curve)],
                       spikeFilter: filtered ? SpikeFilter(base: 0, rise: TimeSpan(seconds: 60), fall: TimeSpan(seconds: 5)) : nil)])
    return Controller(plan: plan)
}

/// A minute of steady decode (edge 50 °C, junction 55 °C), so the filter has settled.
private func settled(_ controller: inout Controller) {
    for second in 0..<60 { controller.step(50, 55, at: Double(second)) }
}

@Test("under a steady load the curve is read at the junction itself")
func steadyLoadReadsTheJunction() {
    var controller = spikeRig()
    settled(&controller)
    let decision = controller.step(50, 55, at: 60)
    #expect(decision.temperature?.celsius == 55)
    #expect(decision.readTemperature == nil)
    #expect(near(decision.duty, 35))
}

@Test("a prefill spike of the junction over its heat sink barely moves the fan; without the filter it swings it")
func prefillSpikeIsFiltered() {
    var filtered = spikeRig()
    var unfiltered = spikeRig(filtered: false)
    settled(&filtered)
    settled(&unfiltered)
    var highest = 0.0
    for second in 60..<63 {                         // 3 s at 18 °C over the steady rise
        let decision = filtered.step(50, 73, at: Double(second))
        highest = max(highest, decision.duty.percent)
        #expect(decision.readTemperature?.celsius == 73)
        #expect(unfiltered.step(50, 73, at: Double(second)).duty.percent > 65)
    }
    #expect(highest < 38, "3 s of spike count for less than 1.5 °C")
    for second in 63..<90 { filtered.step(50, 55, at: Double(second)) }
    #expect(filtered.step(50, 55, at: 90).temperature!.celsius < 55.1, "the spike's share falls away within seconds")
}

@Test("a climb of the heat sink counts at once")
func heatSinkClimbIsImmediate() {
    var controller = spikeRig()
    settled(&controller)
    let decision = controller.step(60, 65, at: 60)
    #expect(decision.temperature?.celsius == 65)
    #expect(near(decision.duty, 50))
}

@Test("a sustained rise over the heat sink is followed with the rise time constant")
func sustainedRiseFollows() {
    var controller = spikeRig()
    settled(&controller)
    var decision = controller.step(50, 73, at: 60)
    for second in 61...120 { decision = controller.step(50, 73, at: Double(second)) }
    let share = (decision.temperature!.celsius - 55) / 18
    #expect(share > 0.6 && share < 0.7, "one time constant: about 63% of the way, got \(share)")
    for second in 121...600 { decision = controller.step(50, 73, at: Double(second)) }
    #expect(abs(decision.temperature!.celsius - 73) < 0.01)
}

@Test("at or past the curve's last point the junction counts as read", arguments: [90.0, 97.0])
func pastTheLastPointIsNotFiltered(junction: Double) {
    var controller = spikeRig()
    settled(&controller)
    let decision = controller.step(50, junction, at: 60)
    #expect(decision.temperature?.celsius == junction)
    #expect(near(decision.duty, 100))
    #expect(decision.readTemperature == nil)
}

@Test("a critical point below the last point stops the filter there")
func criticalStopsTheFilter() {
    var controller = spikeRig(curve: .linear(Rig.points, critical: Temperature(celsius: 85)))
    settled(&controller)
    let decision = controller.step(50, 86, at: 60)
    #expect(decision.notes.contains(.critical))
    #expect(near(decision.duty, 100))
}

@Test("a failed base sensor means the junction is read as it is, without fail-safe; the filter starts afresh when it is back")
func failedBaseReadsTheJunction() {
    var controller = spikeRig()
    settled(&controller)
    let decision = controller.step(nil, 73, at: 60)
    #expect(decision.temperature?.celsius == 73)
    #expect(!decision.notes.contains(.failSafe))
    #expect(decision.duty.percent > 65)
    let back = controller.step(50, 73, at: 61)
    #expect(back.temperature?.celsius == 73, "the rise restarts from its current value, not from zero")
}

@Test("the rise counted is never below zero: a junction under its edge reads the edge")
func riseNeverNegative() {
    let filter = SpikeFilter(base: 0, rise: TimeSpan(seconds: 60), fall: TimeSpan(seconds: 5))
    #expect(filter.nextRise(previous: nil, current: -3, elapsed: TimeSpan(seconds: 1)) == 0)
    #expect(filter.nextRise(previous: 4, current: -3, elapsed: TimeSpan(seconds: 5)) == 2)
}

@Test("where filtering stops", arguments: [
    (FanCurve.linear(Rig.points), 90.0),
    (FanCurve.linear(Rig.points, critical: Temperature(celsius: 85)), 85.0),
    (FanCurve(shape: .steps([
        StepLevel(duty: Duty(percent: 30), lower: nil, upper: Temperature(celsius: 60)),
        StepLevel(duty: Duty(percent: 60), lower: Temperature(celsius: 55), upper: Temperature(celsius: 75)),
        StepLevel(duty: Duty(percent: 100), lower: Temperature(celsius: 70), upper: nil),
    ])), 75.0),
] as [(FanCurve, Double)])
func ceiling(curve: FanCurve, expected: Double) {
    #expect(SpikeFilter.ceiling(of: curve) == expected)
}

@Test("a junction that comes back after an outage counts with its rise as it is then, not the rise from before")
func sensorBackAfterOutage() {
    var controller = spikeRig()
    for second in 0..<60 { controller.step(30, 30.5, at: Double(second)) }     // idle: no rise over the edge
    for second in 60..<120 { controller.step(40, nil, at: Double(second)) }    // the junction is gone
    var back = controller.step(50, 70, at: 120)
    for second in 121...130 { back = controller.step(50, 70, at: Double(second)) }
    #expect(!back.notes.contains(.failSafe))
    #expect(back.temperature?.celsius == 70, "the card came back 20 °C over its edge; that counts at once")
}
