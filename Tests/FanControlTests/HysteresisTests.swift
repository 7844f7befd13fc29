import Testing
@testable import FanControl

/// One tick of a scripted run: at `time`, the junction reads `celsius`; the fan should be at
/// `percent` with `notes`.
struct Tick: Sendable {
    let time: Double
    let celsius: Double
    let percent: Double
    let notes: DecisionNotes
    init(_ time: Double, _ celsius: Double, _ percent: Double, _ notes: DecisionNotes = []) {
        self.time = time
        self.celsius = celsius
        self.percent = percent
        self.notes = notes
    }
}

struct HysteresisCase: Sendable, CustomTestStringConvertible {
    let name: String
    let deadband: Double
    let hysteresis: Hysteresis
    let smoothing: DownSmoothing
    let ticks: [Tick]
    var testDescription: String { name }
}

@Test("hysteresis rules, tick by tick", arguments: [
    HysteresisCase(name: "deadband holds the duty until the temperature falls by the band", deadband: 3,
                   hysteresis: .none, smoothing: .off, ticks: [
        Tick(0, 70, 60), Tick(1, 68, 60, .deadbandHeld), Tick(2, 67.1, 60, .deadbandHeld),
        Tick(3, 67, 54), Tick(4, 69, 58), Tick(5, 66.5, 58, .deadbandHeld), Tick(6, 65, 50),
    ]),
    HysteresisCase(name: "spin-down delay: a lower demand must hold for the delay", deadband: 0,
                   hysteresis: Hysteresis(spinDownDelay: TimeSpan(seconds: 5)), smoothing: .off, ticks: [
        Tick(0, 80, 80), Tick(1, 60, 80, .spinDownHeld), Tick(4, 60, 80, .spinDownHeld), Tick(6, 60, 40),
        Tick(7, 70, 60), Tick(8, 50, 60, .spinDownHeld), Tick(9, 80, 80), Tick(10, 60, 80, .spinDownHeld),
    ]),
    HysteresisCase(name: "minimum step: small falls are ignored", deadband: 0,
                   hysteresis: Hysteresis(minimumStep: 0.05), smoothing: .off, ticks: [
        Tick(0, 70, 60), Tick(1, 68, 60, .minimumStepHeld), Tick(2, 67.6, 60, .minimumStepHeld),
        Tick(3, 67.4, 54.8), Tick(4, 66, 54.8, .minimumStepHeld), Tick(5, 64, 48),
    ]),
    HysteresisCase(name: "smoothing eases the fall, first order", deadband: 0,
                   hysteresis: .none, smoothing: DownSmoothing(timeConstant: TimeSpan(seconds: 9)), ticks: [
        Tick(0, 80, 80), Tick(1, 60, 76, .smoothing), Tick(2, 60, 72.4, .smoothing), Tick(11, 60, 56.2, .smoothing),
    ]),
    HysteresisCase(name: "the way up is never delayed, whatever is set", deadband: 5,
                   hysteresis: Hysteresis(deadband: 5, spinDownDelay: TimeSpan(seconds: 60), minimumStep: 0.2),
                   smoothing: DownSmoothing(timeConstant: TimeSpan(seconds: 60)), ticks: [
        Tick(0, 40, 20), Tick(1, 41, 21), Tick(2, 60, 40), Tick(3, 85, 90), Tick(4, 90, 100),
    ]),
])
func hysteresis(_ example: HysteresisCase) {
    var curve = FanCurve.linear(Rig.points)
    curve.hysteresis.deadband = example.deadband
    var controller = Rig.single(curve: curve, hysteresis: example.hysteresis, smoothing: example.smoothing)
    for tick in example.ticks {
        let decision = controller.step(tick.celsius, at: tick.time)
        #expect(abs(decision.duty.percent - tick.percent) < 1e-9, "t=\(tick.time): \(decision.duty)")
        #expect(decision.notes == tick.notes, "t=\(tick.time)")
    }
}

@Test("a clock jumping backwards restarts the spin-down delay instead of stalling it")
func spinDownWithClockJump() {
    var controller = Rig.single(hysteresis: Hysteresis(spinDownDelay: TimeSpan(seconds: 5)))
    #expect(near(controller.step(80, at: 1000).duty, 80))
    #expect(controller.step(60, at: 1001).notes == .spinDownHeld)
    #expect(controller.step(60, at: 10).notes == .spinDownHeld)   // clock went back
    #expect(near(controller.step(60, at: 14).duty, 80))
    #expect(near(controller.step(60, at: 15).duty, 40))
}

@Test("step curves carry their own hysteresis through the controller")
func stepCurveController() {
    let levels = [StepLevel(duty: .off, lower: nil, upper: Temperature(celsius: 55)),
                  StepLevel(duty: .full, lower: Temperature(celsius: 48), upper: nil)]
    var controller = Rig.single(curve: FanCurve(shape: .steps(levels)))
    let script: [(Double, Double)] = [(50, 0), (55, 100), (50, 100), (48, 100), (47, 0), (54, 0), (56, 100)]
    for (index, (celsius, percent)) in script.enumerated() {
        #expect(controller.step(celsius, at: Double(index)).duty.percent == percent, "tick \(index)")
    }
}

@Test("deadband tracker alone", arguments: [
    (band: 0.0, readings: [50.0, 45, 55], expected: [50.0, 45, 55]),
    (band: 4.0, readings: [50.0, 47, 46.5, 46, 49], expected: [50.0, 50, 50, 46, 49]),
])
func deadbandTracker(band: Double, readings: [Double], expected: [Double]) {
    var tracker = DeadbandTracker()
    let outputs = readings.map { tracker.update(Temperature(celsius: $0), deadband: band).0.celsius }
    #expect(outputs == expected)
}
