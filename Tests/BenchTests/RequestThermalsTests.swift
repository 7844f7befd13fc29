@testable import Bench
import Testing

private func sample(_ time: Double, junction: Double, power: Double, vram: Int, throttle: [String] = []) -> TelemetrySample {
    var card = CardSample(name: "gpu")
    card.junction = junction
    card.power = power
    card.vramUsed = vram
    card.throttle = throttle
    card.throttleReported = true
    return TelemetrySample(time: time, cards: [card], fans: [])
}

@Test("a request's thermal story comes from the samples before, during and after it")
func requestThermals() {
    var record = RequestRecord(framework: "llama.cpp", model: "m", task: "t", language: "en", start: 1, end: 3,
                               figures: InferenceFigures(source: "server"), throttle: [])
    let during = [sample(1, junction: 70, power: 200, vram: 9_000), sample(2, junction: 90, power: 240, vram: 12_000, throttle: ["power"]),
                  sample(3, junction: 80, power: 220, vram: 11_000, throttle: ["junction", "power"])]
    record.recordThermals(before: sample(0, junction: 50, power: 20, vram: 8_000), during: during,
                          after: sample(4, junction: 60, power: 30, vram: 10_000))
    #expect(record.vramBefore == 8_000 && record.vramPeak == 12_000 && record.vramAfter == 10_000)
    #expect(record.peakJunction == 90 && record.meanJunction == 80)
    #expect(record.throttle == ["junction", "power"])
    #expect(record.energy.map { abs($0 - 450) < 1e-9 } == true, "trapezoids: (200 + 240) / 2 + (240 + 220) / 2 J")
}

@Test("a request too short for two samples has no energy and no junction figures")
func requestThermalsShort() {
    var record = RequestRecord(framework: "f", model: "m", task: "t", language: "en", start: 1, end: 1.01,
                               figures: InferenceFigures(source: "none"), throttle: [])
    record.recordThermals(before: nil, during: [], after: sample(2, junction: 60, power: 30, vram: 10_000))
    #expect(record.energy == nil && record.peakJunction == nil && record.meanJunction == nil)
    #expect(record.vramBefore == nil && record.vramPeak == 10_000 && record.vramAfter == 10_000)
}
