import ConfigFiles
import FanControl
import Testing

@Test("a linear curve without hysteresis gets the standard one; a step curve and `hysteresis: {}` get none")
func curveHysteresisDefaults() throws {
    let linear = try CurveDocument.parse("points:\n  - [50, 30%]\n  - [85, 100%]\n", path: "/c/plain.yaml").get()
    #expect(linear.curve.hysteresis == .standard)
    let none = try CurveDocument.parse("points:\n  - [50, 30%]\n  - [85, 100%]\nhysteresis: {}\n", path: "/c/none.yaml").get()
    #expect(none.curve.hysteresis == .none)
    let steps = try CurveDocument.parse("levels:\n  - {duty: 0%, upper: 55}\n  - {duty: 100%, lower: 48}\n", path: "/c/relay.yaml").get()
    #expect(steps.curve.hysteresis == .none)
    let rise = try CurveDocument.parse("points:\n  - [50, 30%]\nhysteresis:\n  rise_step: 8%\n", path: "/c/rise.yaml").get()
    #expect(abs(rise.curve.hysteresis.riseStep - 0.08) < 1e-12)
    #expect(rise.curve.hysteresis.deadband == 0)
    #expect(rise.curve.hysteresis.fallMargin == nil, "a fall lands at the band's top unless told")
    let margin = try CurveDocument.parse("points:\n  - [50, 30%]\nhysteresis:\n  rise_step: 12%\n  fall_margin: 6%\n", path: "/c/margin.yaml").get()
    #expect(abs((margin.curve.hysteresis.fallMargin ?? -1) - 0.06) < 1e-12)
    if case .failure(let problems) = CurveDocument.parse("points:\n  - [50, 30%]\nhysteresis:\n  fall_margin: lots\n", path: "/c/bad.yaml") {
        #expect(problems.description.contains("fall_margin"), "\(problems)")
        #expect(problems.description.contains("/c/bad.yaml:4"), "\(problems)")
    } else {
        Issue.record("a fall margin that is not a duty must be refused")
    }
}

@Test("rendering keeps a curve's hysteresis: the rise step, and `none` on a linear curve", arguments: [
    "points:\n  - [50, 30%]\n  - [85, 100%]\nhysteresis: {}\n",
    "points:\n  - [50, 30%]\n  - [85, 100%]\nhysteresis:\n  temperature: 3C\n  min_step: 5%\n  rise_step: 8%\n",
    "points:\n  - [50, 30%]\n  - [85, 100%]\n",
])
func curveHysteresisRoundTrip(text: String) throws {
    let document = try CurveDocument.parse(text, path: "/c/trip.yaml").get()
    let again = try CurveDocument.parse(document.render(), path: "/c/trip.yaml").get()
    #expect(again.curve.hysteresis == document.curve.hysteresis)
}
