import FanControl
import Testing

/// A junction and HBM watching their card's power (the frozen-under-load check), on a curve;
/// `followPower` also gives the fan a feed-forward on the power.
private func plan(followPower: Bool = false) -> ControlPlan {
    ControlPlan(
        sensors: [SensorSpec(name: "gpu.junction", kind: .temperature, load: 2),
                  SensorSpec(name: "gpu.mem", kind: .temperature, load: 2),
                  SensorSpec(name: "gpu.power", kind: .power)],
        fans: [FanPlan(name: "fan", selections: [
            SensorSelection(name: "gpu.junction", sensors: [0], curve: .linear(Rig.points)),
            SensorSelection(name: "gpu.mem", sensors: [1], curve: .linear(Rig.points)),
        ], feedForward: followPower ? FeedForward(sensor: 2, threshold: 150, gain: 0.002, maximum: 0.3, decay: TimeSpan(seconds: 5)) : nil)])
}

private func readings(_ junction: Double, _ mem: Double, power: Double, at second: Int) -> [Reading] {
    let at = Timestamp(seconds: Double(second))
    return [.value(junction, at: at), .value(mem, at: at), .value(power, at: at)]
}

@Test("a card's power that only serves the frozen-under-load check is wanted once a temperature has stood still for 10 s, and not before")
func powerWantedOnlyWhenStill() {
    var controller = Controller(plan: plan())
    var wanted: [Int] = []
    for second in 0..<40 {
        let now = Timestamp(seconds: Double(second))
        if controller.wantedReadings(at: now)[2] { wanted.append(second) }
        // Both temperatures move every second until 20 s, then the junction stands still.
        let junction = second < 20 ? 60 + Double(second % 2) : 70
        controller.tick(readings: readings(junction, 50 + Double(second % 3), power: 150, at: second), now: now)
        let afterTick = controller.wantedReadings(at: now)
        #expect(afterTick[0] && afterTick[1], "a followed sensor is read every tick")
    }
    #expect(wanted == Array(30..<40), "from 10 s after the junction's last change (20 s) on")
}

@Test("a power a fan follows (feed-forward) is wanted on every tick")
func followedPowerAlwaysWanted() {
    var controller = Controller(plan: plan(followPower: true))
    for second in 0..<15 {
        let now = Timestamp(seconds: Double(second))
        #expect(controller.wantedReadings(at: now)[2], "second \(second)")
        controller.tick(readings: readings(60 + Double(second % 2), 50 + Double(second % 3), power: 150, at: second), now: now)
    }
}

/// One second of a trace: junction, HBM, power.
struct LoadTraceCase: Sendable, CustomTestStringConvertible {
    let name: String
    let trace: [(Double, Double, Double)]
    var testDescription: String { name }

    /// A random trace: temperatures that hold one value for a random while, power in random steps.
    static func random(seed: UInt64) -> LoadTraceCase {
        var generator = SplitMix(seed: seed)
        var trace: [(Double, Double, Double)] = []
        var junction = 60.0, mem = 50.0, power = 100.0
        while trace.count < 900 {
            let hold = Int(generator.next() % 25) + 1
            if generator.next() % 3 == 0 { power = Double(20 + generator.next() % 240) }
            for _ in 0..<hold { trace.append((junction, mem, power)) }
            junction = max(30, min(95, junction + Double(Int(generator.next() % 5) - 2)))
            if generator.next() % 2 == 0 { mem = max(30, min(90, mem + Double(Int(generator.next() % 3) - 1))) }
        }
        return LoadTraceCase(name: "random, seed \(seed)", trace: trace)
    }
}

@Test("reading the power only when wanted decides exactly as reading it every tick, frozen-under-load included", arguments: [
    LoadTraceCase(name: "stood still at 100 W, power settles 120 W away (frozen)",
                  trace: Array(repeating: (70, 40, 100), count: 15) + Array(repeating: (70, 41, 220), count: 20)),
    LoadTraceCase(name: "an idle card holding one degree", trace: (0..<120).map { (34, 31, Double(18 + $0 % 9)) }),
    .random(seed: 1), .random(seed: 2), .random(seed: 3),
])
func onDemandMatchesEveryTick(_ example: LoadTraceCase) {
    var everyTick = Controller(plan: plan())
    var onDemand = Controller(plan: plan())
    var reads = 0
    for (second, (junction, mem, power)) in example.trace.enumerated() {
        let now = Timestamp(seconds: Double(second))
        let all = readings(junction, mem, power: power, at: second)
        let expected = everyTick.tick(readings: all, now: now)
        let wanted = onDemand.wantedReadings(at: now)[2]
        if wanted { reads += 1 }
        // An unread power is passed as something the controller must ignore.
        let given = wanted ? all : [all[0], all[1], .value(-1, at: now)]
        let decided = onDemand.tick(readings: given, now: now, unread: [false, false, !wanted])
        #expect(decided == expected, "second \(second)")
        if decided != expected { return }
    }
    #expect(reads < example.trace.count, "some ticks leave the power unread")
}
