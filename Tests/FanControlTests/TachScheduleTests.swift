import FanControl
import Testing

/// The ticks, of `count`, on which `schedule` reads, with a stall suspected on `suspected`.
private func readTicks(_ schedule: TachSchedule, count: Int, suspected: Set<Int> = []) -> [Int] {
    var schedule = schedule
    return (0..<count).filter { schedule.due(suspect: suspected.contains($0)) }
}

@Test("the tach is read at least 1.5 s apart, and at least once per tick period above that", arguments: [
    (interval: 1.0, every: 2), (interval: 0.5, every: 3), (interval: 0.25, every: 6),
    (interval: 1.5, every: 1), (interval: 2.0, every: 1), (interval: 0.75, every: 2),
])
func tachReadSpacing(interval: Double, every: Int) {
    let schedule = TachSchedule(interval: TimeSpan(seconds: interval))
    #expect(schedule.every == every)
    let ticks = readTicks(schedule, count: 12)
    #expect(ticks.first == 0, "the first tick reads")
    #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $1 - $0 == every })
    #expect(Double(every) * interval >= TachSchedule.period)
}

@Test("while a stall is suspected the tach is read on every tick, then the spacing starts again")
func tachReadWhileSuspected() {
    let ticks = readTicks(TachSchedule(interval: TimeSpan(seconds: 1)), count: 12, suspected: [3, 4, 5])
    #expect(ticks == [0, 2, 3, 4, 5, 7, 9, 11])
}

@Test("a stall is reported at most one tick later than with a read on every tick, whenever it starts")
func stallLatencyWithSchedule() throws {
    let stallTicks = 5
    for start in 0..<6 {
        var schedule = TachSchedule(interval: TimeSpan(seconds: 1))
        var detector = StallDetector(ticks: stallTicks)
        var everyTick = StallDetector(ticks: stallTicks)
        var reported: Int?
        var reportedEveryTick: Int?
        for tick in 0..<(start + 20) {
            let rpm = tick >= start + 10 ? 0 : 2000
            let read = schedule.due(suspect: detector.count > 0)
            if detector.update(duty: Duty(percent: 80), startDuty: Duty(percent: 40), rpm: read ? rpm : nil) {
                reported = reported ?? tick
            }
            if everyTick.update(duty: Duty(percent: 80), startDuty: Duty(percent: 40), rpm: rpm) {
                reportedEveryTick = reportedEveryTick ?? tick
            }
        }
        let stalledAt = start + 10
        #expect(reportedEveryTick == stalledAt + stallTicks - 1)
        let late = try #require(reported, "stall starting at tick \(stalledAt)") - stalledAt - (stallTicks - 1)
        #expect(0...1 ~= late, "stall starting at tick \(stalledAt)")
    }
}
