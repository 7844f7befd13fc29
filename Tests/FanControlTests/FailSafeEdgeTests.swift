import Testing
@testable import FanControl

/// The fail-safe rules at their edges: nothing a failing sensor does may lower a fan.

/// Two sensors of one card (junction, mem) each through its own curve, and the card's power.
private func twoSensorRig(failSafe: FailSafePolicy, critical: Temperature? = nil) -> Controller {
    let plan = ControlPlan(
        sensors: [SensorSpec(name: "gpu.junction", kind: .temperature, load: 2),
                  SensorSpec(name: "gpu.mem", kind: .temperature, load: 2),
                  SensorSpec(name: "gpu.power", kind: .power)],
        fans: [FanPlan(name: "fan", selections: [
            SensorSelection(name: "gpu.junction", sensors: [0], curve: .linear(Rig.points, critical: critical)),
            SensorSelection(name: "gpu.mem", sensors: [1], curve: .linear(Rig.points, critical: critical)),
        ], failSafe: failSafe)])
    return Controller(plan: plan)
}

private func readings(_ junction: Double?, _ mem: Double?, power: Double = 150, at seconds: Double) -> [Reading] {
    let at = Timestamp(seconds: seconds)
    return [junction.map { .value($0, at: at) } ?? .fault(.missing), mem.map { .value($0, at: at) } ?? .fault(.missing),
            .value(power, at: at)]
}

struct FailSafeFloorCase: Sendable, CustomTestStringConvertible {
    let name: String
    let failSafeDuty: Double
    let healthyMem: Double
    let critical: Double?
    let expected: Double
    var testDescription: String { name }
}

@Test("a fail-safe duty below 100% never undercuts a healthy sensor; a critical reading is always 100%", arguments: [
    FailSafeFloorCase(name: "healthy mem asks 60%, fail-safe 90%: 90%", failSafeDuty: 90, healthyMem: 60, critical: nil, expected: 90),
    FailSafeFloorCase(name: "healthy mem asks 88%, fail-safe 60%: 88%", failSafeDuty: 60, healthyMem: 84, critical: nil, expected: 88),
    FailSafeFloorCase(name: "healthy mem past the last point, fail-safe 70%: 100%", failSafeDuty: 70, healthyMem: 95, critical: nil, expected: 100),
    FailSafeFloorCase(name: "healthy mem at its critical point, fail-safe 60%: 100%", failSafeDuty: 60, healthyMem: 76, critical: 75, expected: 100),
])
func failSafeNeverUndercutsHealthyDemand(_ example: FailSafeFloorCase) {
    var controller = twoSensorRig(failSafe: FailSafePolicy(duty: Duty(percent: example.failSafeDuty)),
                                  critical: example.critical.map { Temperature(celsius: $0) })
    _ = controller.tick(readings: readings(60, 60, at: 0), now: Timestamp(seconds: 0))
    let decision = controller.tick(readings: readings(nil, example.healthyMem, at: 1), now: Timestamp(seconds: 1))[0]
    #expect(decision.notes.contains(.failSafe))
    #expect(near(decision.duty, example.expected))
}

struct NoHistoryCase: Sendable, CustomTestStringConvertible {
    let name: String
    let afterFailures: Int
    let minimum: Double
    var testDescription: String { name }
}

@Test("a sensor failing before there is any history never lowers the fan below the fail-safe duty", arguments: [
    NoHistoryCase(name: "after_failures 3, no floor", afterFailures: 3, minimum: 0),
    NoHistoryCase(name: "after_failures 5, floor 25%", afterFailures: 5, minimum: 25),
])
func noHistoryMeansFailSafeDuty(_ example: NoHistoryCase) {
    var controller = Rig.single(limits: FanLimits(minimum: Duty(percent: example.minimum)),
                                failSafe: FailSafePolicy(duty: Duty(percent: 95), afterFailures: example.afterFailures))
    for second in 0..<example.afterFailures {
        let decision = controller.step(nil, at: Double(second))
        #expect(near(decision.duty, 95), "tick \(second): \(decision.duty)")
    }
}

@Test("at start-up, one sensor failing while another reads low still holds the fail-safe duty until fail-safe starts")
func partialFailureAtStartup() {
    var controller = twoSensorRig(failSafe: FailSafePolicy(afterFailures: 3))
    let first = controller.tick(readings: readings(nil, 40, at: 0), now: Timestamp(seconds: 0))[0]
    #expect(first.duty == .full)
    #expect(first.notes.contains(.sensorPending))
    #expect(controller.tick(readings: readings(nil, 40, at: 1), now: Timestamp(seconds: 1))[0].duty == .full)
    #expect(controller.tick(readings: readings(nil, 40, at: 2), now: Timestamp(seconds: 2))[0].notes.contains(.failSafe))
}

struct JumpCase: Sendable, CustomTestStringConvertible {
    let name: String
    let from: Double
    let to: Double
    let seconds: Double
    let believed: Bool
    var testDescription: String { name }
}

@Test("a fall no silicon can make in the time since the last believed reading is not believed", arguments: [
    JumpCase(name: "95 -> 0 in 1 s", from: 95, to: 0.5, seconds: 1, believed: false),
    JumpCase(name: "95 -> 20 in 1 s", from: 95, to: 20, seconds: 1, believed: false),
    JumpCase(name: "95 -> 60 in 1 s (load stopped: the hot spot collapses)", from: 95, to: 60, seconds: 1, believed: true),
    JumpCase(name: "95 -> 45 in 10 s", from: 95, to: 45, seconds: 10, believed: true),
    JumpCase(name: "40 -> 95 in 1 s (a rise only speeds the fan up)", from: 40, to: 95, seconds: 1, believed: true),
])
func implausibleFalls(_ example: JumpCase) {
    var controller = Rig.single()
    _ = controller.step(example.from, at: 0)
    let decision = controller.step(example.to, at: example.seconds)
    if example.believed {
        #expect(!decision.notes.contains(.failSafe))
    } else {
        #expect(decision.notes.contains(.failSafe))
        #expect(decision.failSafeFault == .jumped(from: example.from, to: example.to))
        #expect(decision.duty == .full)
    }
}

@Test("a reading that stays low after an impossible fall is believed once enough time has passed, then the fan eases down")
func jumpIsBelievedLater() {
    var controller = Rig.single(failSafe: FailSafePolicy(recoverAfter: 1))
    _ = controller.step(95, at: 0)
    #expect(controller.step(25, at: 1).duty == .full)   // 70 °C in 1 s: not yet
    #expect(controller.step(25, at: 3).duty == .full)   // 30 + 10 x 3 = 60 < 70
    let later = controller.step(25, at: 5)               // 30 + 10 x 5 = 80 >= 70
    #expect(!later.notes.contains(.failSafe))
    #expect(near(later.duty, 20))
}

@Test("a junction that stood still at one power and does not move when the power settles 30 W away is frozen")
func frozenUnderLoad() {
    var controller = twoSensorRig(failSafe: .standard)
    func tick(_ second: Int, power: Double) -> FanDecision {
        controller.tick(readings: readings(70, Double(40 + second % 2), power: power, at: Double(second)),
                        now: Timestamp(seconds: Double(second)))[0]
    }
    for second in 0...14 { #expect(!tick(second, power: 100).notes.contains(.failSafe), "second \(second)") }
    for second in 15...19 { #expect(!tick(second, power: 220).notes.contains(.failSafe), "second \(second): the die may lag") }
    let frozen = tick(20, power: 220)
    #expect(frozen.notes.contains(.failSafe))
    #expect(frozen.failSafeSensor == 0)
    #expect(frozen.failSafeFault == .frozenUnderLoad(since: TimeSpan(seconds: 20), swing: 120))
}

struct NotFrozenCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// Per second: the junction and the power.
    let trace: [(Double, Double)]
    var testDescription: String { name }
}

@Test("no false alarm where a real die holds one whole degree", arguments: [
    // A prefill burst lifts the junction to what happens to be the decode equilibrium.
    NotFrozenCase(name: "burst ends at the next phase's equilibrium",
                  trace: [(54, 225), (57, 225)] + Array(repeating: (57, 135), count: 40)),
    // A one-second spike too short to move the rounded reading.
    NotFrozenCase(name: "short spikes", trace: Array(repeating: (45, 60), count: 12) + [(45, 200)] + Array(repeating: (45, 60), count: 20)
                  + [(45, 200), (45, 200)] + Array(repeating: (45, 60), count: 20)),
])
func notFrozen(_ example: NotFrozenCase) {
    var controller = twoSensorRig(failSafe: .standard)
    for (second, (junction, power)) in example.trace.enumerated() {
        let decision = controller.tick(readings: readings(junction, 40, power: power, at: Double(second)), now: Timestamp(seconds: Double(second)))[0]
        #expect(!decision.notes.contains(.failSafe), "second \(second)")
    }
}

@Test("an idle card holding one whole degree for ten minutes while its power jitters is not called frozen")
func idleIsNotFrozen() {
    var controller = twoSensorRig(failSafe: .standard)
    var generator = SplitMix(seed: 7)
    for second in 0..<600 {
        let power = 18 + Double(generator.next() % 9)   // 18...26 W
        let decision = controller.tick(readings: readings(34, 31, power: power, at: Double(second)), now: Timestamp(seconds: Double(second)))[0]
        #expect(!decision.notes.contains(.failSafe), "second \(second)")
        if decision.notes.contains(.failSafe) { return }
    }
}

@Test("the frozen-under-load rule can be turned off")
func frozenUnderLoadOff() {
    var controller = twoSensorRig(failSafe: FailSafePolicy(detectsFrozenUnderLoad: false))
    for second in 0...40 {
        let decision = controller.tick(readings: readings(70, 60, power: second < 15 ? 100 : 250, at: Double(second)),
                                       now: Timestamp(seconds: Double(second)))[0]
        #expect(!decision.notes.contains(.failSafe))
    }
}

/// A small deterministic generator for test inputs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
