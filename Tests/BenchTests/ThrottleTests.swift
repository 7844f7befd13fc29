@testable import Bench
import Foundation
import JSONText
import Service
import SimulationHarness
@testable import Simulator
import StatusSchema
import Testing

private func card(reported: [String]? = nil, busy: Double = 100, sclk: Double = 1725, junction: Double = 70, power: Double = 200) -> CardSample {
    var card = CardSample(name: "mi50")
    card.throttleReported = reported != nil
    card.throttle = reported ?? []
    card.busy = busy; card.sclk = sclk; card.sclkMaxMHz = 1725; card.junction = junction; card.junctionCritical = 110
    card.power = power; card.powerCap = 225
    return card
}

@Test("reasons: reported by the card, or inferred from clocks at a limit", arguments: [
    (card(reported: ["junction"]), ["junction"], false), (card(reported: []), [String](), false),
    (card(sclk: 1400, junction: 104), ["junction"], true), (card(sclk: 1400, power: 224), ["power"], true),
    (card(sclk: 1400), [], true), (card(busy: 10, sclk: 925, junction: 104), [], true),
])
func reasons(card: CardSample, reasons: [String], inferred: Bool) {
    let result = ThrottleDetector.reasons(card)
    #expect(result.reasons == reasons)
    if !reasons.isEmpty { #expect(result.inferred == inferred) }
}

@Test("episodes open and close with the samples, reasons collected")
func episodes() {
    var detector = ThrottleDetector()
    let pattern: [[String]?] = [[], ["power"], ["power", "junction"], ["junction"], [], [], ["hbm"]]
    for (index, reasons) in pattern.enumerated() {
        detector.feed(TelemetrySample(time: Double(index), cards: [card(reported: reasons)], fans: []))
    }
    let result = detector.finish(at: 7)
    #expect(result.count == 2)
    #expect(result[0].start == 1 && result[0].end == 4 && result[0].reasons == ["power", "junction"])
    #expect(result[1].start == 6 && result[1].end == 7 && result[1].reasons == ["hbm"])
}

@Test("the schedule counts missed deadlines and never drifts", arguments: [
    ([0.0, 0.1, 0.2, 0.3], 0, 0.4), ([0.0, 0.1, 0.45, 0.5], 2, 0.6), ([0.0, 0.16], 1, 0.2),
])
func schedule(times: [Double], missed: Int, next: Double) {
    var schedule = SamplingSchedule(rate: 10)
    var upcoming = 0.0
    for time in times { upcoming = schedule.took(at: time) }
    #expect(schedule.missed == missed)
    #expect(abs(upcoming - next) < 1e-9)
}

/// The virtual card under 180 W from 100 s to 600 s, sampled at 1 Hz on the virtual clock.
private func sampledRun(stalledFan: Bool) throws -> [ThrottleEpisode] {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-throttle-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let trace = try PowerTrace.parse("0,20\n100,20\n101,180\n600,180\n601,20\n900,20\n").get()
    let faults = stalledFan ? [ScheduledFault(.fanStalls, start: 0)] : []
    let run = try SimulatedRun(root: root, profile: .trace(trace), curve: "mi50-blower-balanced", seed: 4, faults: faults)
    let sampler = TelemetrySampler(root: run.card.root, cards: TelemetrySampler.cards(root: run.card.root, config: nil, slot: nil), config: nil)
    var detector = ThrottleDetector()
    while run.card.time < 900 {
        run.step()
        detector.feed(sampler.sample(at: run.card.time))
    }
    return detector.finish(at: run.card.time)
}

@Test("a card whose fan stalls under load throttles at the right time, for the right reason")
func stalledFanThrottles() throws {
    let episodes = try sampledRun(stalledFan: true)
    let thermal = episodes.filter(\.isThermal)
    #expect(!thermal.isEmpty)
    #expect(thermal.allSatisfy { $0.start > 100 && $0.start < 600 }, "not before the load starts")
    #expect(thermal.allSatisfy { !$0.inferred }, "the card reports it in gpu_metrics")
    #expect(Set(thermal.flatMap(\.reasons)).isSubset(of: ["junction", "edge", "hbm"]))
    #expect(thermal.map(\.duration).reduce(0, +) > 100)
}

@Test("the same load with the fan on its curve reports no throttling")
func goodCurveNoThrottle() throws {
    #expect(try sampledRun(stalledFan: false).isEmpty)
}

@Test("fans come from the running service's status file, read again only when the service replaces it")
func samplerFansFromService() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-fans-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    let run = try SimulatedRun(root: root, profile: .idle, curve: "mi50-blower-balanced", seed: 4)
    run.step()
    let loaded = run.loop.loaded
    let sampler = TelemetrySampler(root: run.card.root, cards: TelemetrySampler.cards(root: run.card.root, config: loaded, slot: nil),
                                   config: loaded)
    // No service: the header's value, read from the hardware.
    let raw = try String(contentsOfFile: run.card.layout.chipPath + "/pwm2", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    let hardwareDuty = try #require(Double(raw)) / 2.55
    #expect(sampler.sample(at: 0).fans.map(\.duty) == [hardwareDuty])
    func publish(duty: Double, pid: Int32) throws {
        let fan = ServiceStatus.Fan(name: "blower", output: "nct6798 pwm2", dutyPercent: duty, rpm: 1234, mode: "curve",
                                    curve: nil, why: "", stalled: false, error: nil)
        let status = ServiceStatus(pid: pid, started: 0, config: "", intervalSeconds: 1, cards: [], fans: [fan], faults: [],
                                   reloadError: nil, failSafeEvents: [:])
        try FileManager.default.createDirectory(atPath: (loaded.config.statusFile as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try JSONWriter.encode(status).write(toFile: loaded.config.statusFile, atomically: true, encoding: .utf8)
    }
    try publish(duty: 61.5, pid: getpid())
    #expect(sampler.sample(at: 1).fans.map(\.duty) == [61.5])
    try publish(duty: 72, pid: getpid())
    #expect(sampler.sample(at: 2).fans.map(\.duty) == [72], "a replaced file is read again")
    try publish(duty: 80, pid: Int32.max)   // no such process: the service is gone
    #expect(sampler.sample(at: 3).fans.map(\.duty) == [hardwareDuty], "back to the hardware")
}
