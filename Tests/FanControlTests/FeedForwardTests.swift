import Testing
@testable import FanControl

private func loadRig(decay: Double = 10, fade: Double = 0) -> Controller {
    let plan = ControlPlan(
        sensors: [SensorSpec(name: "g.junction", kind: .temperature), SensorSpec(name: "g.power", kind: .power)],
        fans: [FanPlan(name: "fan", selections: [SensorSelection(name: "g.junction", sensors: [0], curve: .linear(Rig.points))],
                       feedForward: FeedForward(sensor: 1, threshold: 100, gain: 0.002, maximum: 0.3,
                                                decay: TimeSpan(seconds: decay), fade: TimeSpan(seconds: fade)))])
    return Controller(plan: plan)
}

@Test("boost from load above the threshold, capped", arguments: [
    (watts: 50.0, boost: 0.0), (watts: 100, boost: 0), (watts: 150, boost: 0.1), (watts: 225, boost: 0.25),
    (watts: 300, boost: 0.3), (watts: .nan, boost: 0),
])
func instantBoost(watts: Double, boost: Double) {
    let term = FeedForward(sensor: 0, threshold: 100, gain: 0.002, maximum: 0.3, decay: TimeSpan(seconds: 10))
    #expect(abs(term.instantBoost(load: watts) - boost) < 1e-12)
}

@Test("the fan leads the temperature when power jumps, and the lead decays when it falls")
func leadsAndDecays() {
    var controller = loadRig()
    let idle = controller.step(45, 20, at: 0)
    #expect(abs(idle.duty.percent - 25) < 1e-9)
    let prompt = controller.step(45, 225, at: 1)          // power jumps before the junction does
    #expect(abs(prompt.duty.percent - 50) < 1e-9)
    #expect(prompt.notes.contains(.feedForward))
    #expect(abs(prompt.feedForwardBoost - 0.25) < 1e-12)
    let after = controller.step(45, 20, at: 11)           // 10 s later, tau 10 s: half the boost
    #expect(abs(after.feedForwardBoost - 0.125) < 1e-12)
}

@Test("a failing load sensor only lets the boost decay; it is no reason for fail-safe")
func failingLoadSensor() {
    var controller = loadRig(decay: 0)
    controller.step(45, 225, at: 0)
    let decision = controller.tick(readings: [.value(45, at: Timestamp(seconds: 1)), .fault(.readError(errno: 1))],
                                   now: Timestamp(seconds: 1))[0]
    #expect(!decision.notes.contains(.failSafe))
    #expect(abs(decision.duty.percent - 25) < 1e-9)
}

@Test("with a fade the lead is as immediate, fades while the load holds, and a load already there at start leads nothing")
func fadingLead() {
    var fading = loadRig(fade: 10)
    var steady = loadRig()
    #expect(abs(fading.step(45, 20, at: 0).duty.percent - 25) < 1e-9)
    steady.step(45, 20, at: 0)
    let prompt = fading.step(45, 225, at: 1)              // the same lead as without a fade
    #expect(abs(prompt.feedForwardBoost - 0.25) < 1e-12)
    #expect(abs(prompt.duty.percent - 50) < 1e-9)
    steady.step(45, 225, at: 1)
    var fadingBoosts: [Double] = []
    for second in 2...40 {
        fadingBoosts.append(fading.step(45, 225, at: Double(second)).feedForwardBoost)
        #expect(abs(steady.step(45, 225, at: Double(second)).feedForwardBoost - 0.25) < 1e-12)
    }
    #expect(zip(fadingBoosts, fadingBoosts.dropFirst()).allSatisfy { $0 >= $1 }, "the lead only fades")
    #expect(fadingBoosts.last! < 0.03, "\(fadingBoosts.last!)")
    let rise = fading.step(45, 300, at: 41)               // a further rise of load leads again
    #expect(rise.feedForwardBoost > 0.1)

    var loaded = loadRig(fade: 10)
    #expect(loaded.step(45, 225, at: 0).feedForwardBoost == 0)
}
