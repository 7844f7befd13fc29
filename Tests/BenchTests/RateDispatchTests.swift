@testable import Bench
import Synchronization
import Testing

// A loop that waited for replies would hang on the gate below: the time limit makes that a failure.
// It is generous because tests that wait on processes can hold this machine's few test threads for minutes.
@Test("a request-rate level sends each request at its arrival time without waiting for the replies before it (an open loop)",
      .timeLimit(.minutes(10)))
func openLoopSendsOnSchedule() async throws {
    let schedule = ArrivalSchedule(count: 6, rate: try #require(RequestRate("3")), seed: 5)
    let clock = ManualClock(start: 100)
    // Every request holds its reply until all six are in flight: only an open loop gets there.
    let gate = Gate(count: 6)
    let sent = Mutex<[Int]>([])
    await ServingDispatch.openLoop(schedule: schedule, start: 100, clock: clock, interruption: BenchInterruption()) { index in
        sent.withLock { $0.append(index) }
        await gate.arriveAndWait()
        return true
    }
    #expect(sent.withLock { $0 }.sorted() == Array(0..<6))
    #expect(clock.deadlines == schedule.offsets.map { 100 + $0 }, "each request waited for its own arrival time on the clock")
}

@Test("a concurrency level sends every request once with never more than its level in flight")
func closedLoopKeepsLevel() async {
    let state = Mutex<(inFlight: Int, peak: Int, sent: [Int])>((0, 0, []))
    await ServingDispatch.closedLoop(workers: 2, count: 7) { index in
        state.withLock { state in
            state.inFlight += 1
            state.peak = max(state.peak, state.inFlight)
            state.sent.append(index)
        }
        await Task.yield()
        state.withLock { $0.inFlight -= 1 }
        return true
    }
    let (_, peak, sent) = state.withLock { $0 }
    #expect(sent.sorted() == Array(0..<7) && (1...2).contains(peak))
}

/// A clock whose next arrival is an hour away: only an interruption ends the wait.
private struct HourAwayClock: ServingClock {
    var now: Double { 0 }
    func sleep(until deadline: Double) async throws {
        if deadline > now { try await Task.sleep(for: .seconds(3600)) }
    }
}

@Test("Ctrl-C while a request-rate level waits for its next arrival ends the level at once; nothing more is sent",
      .timeLimit(.minutes(10)))
func openLoopInterrupted() async throws {
    let interruption = BenchInterruption()
    let sent = Mutex<[Int]>([])
    let schedule = ArrivalSchedule(count: 5, rate: try #require(RequestRate("0.001")), seed: 1)
    await ServingDispatch.openLoop(schedule: schedule, start: 0, clock: HourAwayClock(), interruption: interruption) { index in
        sent.withLock { $0.append(index) }
        interruption.fire()
        return false
    }
    #expect(sent.withLock { $0 } == [0])
}

@Test("a level's peak in flight: overlapping requests counted, one ending as the next starts not")
func peakInFlight() {
    func record(_ start: Double, _ end: Double) -> RequestRecord {
        RequestRecord(framework: "f", model: "m", task: "t", language: "en", start: start, end: end, figures: InferenceFigures(source: "none"), throttle: [])
    }
    #expect(ServingLevel.peakInFlight([record(0, 1), record(1, 2), record(2, 3)]) == 1)
    #expect(ServingLevel.peakInFlight([record(0, 3), record(1, 2), record(1.5, 4), record(3.5, 5)]) == 3)
    #expect(ServingLevel.peakInFlight([]) == 0)
}
