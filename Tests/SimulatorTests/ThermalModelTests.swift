import Testing
@testable import Simulator

private func settle(load: Double, duty: Double, seconds: Double = 3600, stalled: Bool = false) -> ThermalModel {
    var model = ThermalModel()
    model.step(seconds: seconds, load: load, duty: duty, stalled: stalled)
    return model
}

@Test("idle: about 20 W, a few degrees over ambient with a slow fan")
func idle() {
    let model = settle(load: 0, duty: 0.3)
    #expect(model.power == 20)
    #expect((26...40).contains(model.junction))
    #expect(!model.isThrottling)
    #expect(model.sclk == 925)
}

@Test("full load with the fan at full speed: capped at 225 W, junction 10-25 °C above edge, no thermal throttling")
func fullLoadFullFan() {
    let model = settle(load: 1, duty: 1)
    #expect(model.power == 225)
    #expect(model.limits == .power)
    #expect((10...25).contains(model.junction - model.edge))
    #expect(model.junction < model.parameters.junctionLimit)
    #expect(model.sclk < 1725 && model.sclk > 1500)
}

@Test("full load with the fan too slow: the card throttles for temperature and its clock falls")
func fullLoadSlowFan() {
    let model = settle(load: 1, duty: 0.15)
    #expect(!model.limits.subtracting(.power).isEmpty)
    #expect(model.sclk < 1500)
    #expect(model.power < 225)
}

@Test("a stopped fan starts only at its start duty; a running one stops only below its stop duty", arguments: [
    (start: 0.0, duty: 0.15, turning: false),     // from standstill 15% is below start duty (20%)
    (start: 0.0, duty: 0.25, turning: true),
    (start: 0.5, duty: 0.15, turning: true),      // already running: 15% is above stop duty (12%)
    (start: 0.5, duty: 0.10, turning: false),
])
func fanStartStop(start: Double, duty: Double, turning: Bool) {
    var model = ThermalModel()
    model.step(seconds: 20, load: 0, duty: start, stalled: false)
    model.step(seconds: 30, load: 0, duty: duty, stalled: false)
    #expect((model.rpm > 100) == turning)
}

@Test("RPM lags the duty")
func rpmLag() {
    var model = ThermalModel()
    model.step(seconds: 1, load: 0, duty: 1, stalled: false)
    #expect(model.rpm > 1000 && model.rpm < 3500)
    model.step(seconds: 10, load: 0, duty: 1, stalled: false)
    #expect(model.rpm > 4400)
}

@Test("a prompt heats the junction by about 20 °C within five seconds")
func promptHeatsFast() {
    var model = settle(load: 0, duty: 0.4, seconds: 600)
    let before = model.junction
    model.step(seconds: 5, load: 1, duty: 0.4, stalled: false)
    #expect((12...30).contains(model.junction - before))
}

@Test("pp_dpm text marks the level at or below the clock")
func dpmText() {
    #expect(VirtualMI50.dpmText(levels: [925, 1725], current: 1725) == "0: 925Mhz \n1: 1725Mhz *\n")
    #expect(VirtualMI50.dpmText(levels: [925, 1285, 1725], current: 1400) == "0: 925Mhz \n1: 1285Mhz *\n2: 1725Mhz \n")
}
