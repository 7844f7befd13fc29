import Testing
@testable import FanControl

struct FaultCase: Sendable, CustomTestStringConvertible {
    let name: String
    let reading: Reading
    let fault: SensorFault
    var testDescription: String { name }
}

@Test("every kind of bad reading sends the fan to fail-safe on the same tick", arguments: [
    FaultCase(name: "missing file", reading: .fault(.missing), fault: .missing),
    FaultCase(name: "EPERM during reset", reading: .fault(.readError(errno: 1)), fault: .readError(errno: 1)),
    FaultCase(name: "empty", reading: .fault(.empty), fault: .empty),
    FaultCase(name: "NaN", reading: .value(.nan, at: Timestamp(seconds: 10)), fault: .notANumber),
    FaultCase(name: "-273 °C", reading: .value(-273.15, at: Timestamp(seconds: 10)), fault: .implausible(-273.15)),
    FaultCase(name: "300 °C", reading: .value(300, at: Timestamp(seconds: 10)), fault: .implausible(300)),
    FaultCase(name: "-41 °C", reading: .value(-41, at: Timestamp(seconds: 10)), fault: .implausible(-41)),
    FaultCase(name: "0 °C (a failed read surfacing as zero)", reading: .value(0, at: Timestamp(seconds: 10)), fault: .implausible(0)),
    FaultCase(name: "-5 °C", reading: .value(-5, at: Timestamp(seconds: 10)), fault: .implausible(-5)),
    FaultCase(name: "151 °C", reading: .value(151, at: Timestamp(seconds: 10)), fault: .implausible(151)),
])
func faultsTriggerFailSafe(_ example: FaultCase) {
    var controller = Rig.single(limits: FanLimits(maximum: Duty(percent: 50)))
    #expect(near(controller.step(45, at: 9).duty, 25))
    let decision = controller.tick(readings: [example.reading], now: Timestamp(seconds: 10))[0]
    #expect(decision.duty == .full)
    #expect(decision.notes == .failSafe)
    #expect(decision.failSafeFault == example.fault)
    #expect(decision.failSafeSensor == 0)
}

@Test("the edges of a GPU's plausible range are still temperatures", arguments: [0.5, 150.0])
func plausibleEdges(celsius: Double) {
    var controller = Rig.single()
    #expect(!controller.step(celsius, at: 0).notes.contains(.failSafe))
}

@Test("recovery waits for M good ticks, then eases down through the fan's hysteresis")
func recovery() {
    let policy = FailSafePolicy(duty: Duty(percent: 90), afterFailures: 1, recoverAfter: 3)
    var controller = Rig.single(failSafe: policy)
    #expect(near(controller.step(50, at: 0).duty, 30))
    #expect(near(controller.step(nil, at: 1).duty, 90))
    #expect(near(controller.step(50, at: 2).duty, 90))
    #expect(near(controller.step(50, at: 3).duty, 90))
    #expect(near(controller.step(nil, at: 4).duty, 90))  // a failure resets the count
    #expect(near(controller.step(50, at: 5).duty, 90))
    #expect(near(controller.step(50, at: 6).duty, 90))
    let back = controller.step(50, at: 7)
    #expect(near(back.duty, 30))
    #expect(!back.notes.contains(.failSafe))
}

@Test("N consecutive failures before fail-safe; meanwhile the fan never slows")
func failureThreshold() {
    var controller = Rig.single(failSafe: FailSafePolicy(afterFailures: 3))
    #expect(near(controller.step(70, at: 0).duty, 60))
    #expect(near(controller.step(nil, at: 1).duty, 60))
    #expect(near(controller.step(nil, at: 2).duty, 60))
    #expect(controller.step(nil, at: 3).duty == .full)
}

@Test("a reading older than max_age is a failure")
func tooOld() {
    var controller = Rig.single(failSafe: FailSafePolicy(maximumAge: TimeSpan(seconds: 5)))
    let fresh = controller.tick(readings: [.value(50, at: Timestamp(seconds: 96))], now: Timestamp(seconds: 100))[0]
    #expect(near(fresh.duty, 30))
    let stale = controller.tick(readings: [.value(50, at: Timestamp(seconds: 94))], now: Timestamp(seconds: 101))[0]
    #expect(stale.notes == .failSafe)
    #expect(stale.failSafeFault == .tooOld(age: TimeSpan(seconds: 7)))
}

@Test("a value frozen for longer than frozen_after is a failure; any change clears it")
func frozen() {
    var controller = Rig.single(failSafe: FailSafePolicy(recoverAfter: 1, frozenAfter: TimeSpan(seconds: 60)))
    #expect(near(controller.step(50, at: 0).duty, 30))
    #expect(near(controller.step(50, at: 60).duty, 30))
    #expect(controller.step(50, at: 61).failSafeFault == .frozen(since: TimeSpan(seconds: 61)))
    #expect(near(controller.step(51, at: 62).duty, 31))
}

@Test("readings missing from the end of the list count as not read")
func shortReadings() {
    var controller = Rig.single()
    let decision = controller.tick(readings: [], now: Timestamp(seconds: 0))[0]
    #expect(decision.failSafeFault == .notRead)
}

@Test("a failed sensor on one fan leaves the other fan on its curve")
func faultIsPerFan() {
    let plan = ControlPlan(
        sensors: [SensorSpec(name: "a.junction", kind: .temperature), SensorSpec(name: "b.junction", kind: .temperature)],
        fans: [FanPlan(name: "a", selections: [SensorSelection(name: "a", sensors: [0], curve: .linear(Rig.points))]),
               FanPlan(name: "b", selections: [SensorSelection(name: "b", sensors: [1], curve: .linear(Rig.points))])])
    var controller = Controller(plan: plan)
    let decisions = controller.tick(readings: [.fault(.missing), .value(60, at: Timestamp(seconds: 0))],
                                    now: Timestamp(seconds: 0))
    #expect(decisions[0].duty == .full)
    #expect(near(decisions[1].duty, 40))
}
