import Bench
import Foundation
import Testing

private func stressReport(cards: [String: String], samples: Int, exitStatus: Int32?) -> RunReport {
    RunReport(kind: "stress", label: "sh", started: "2026-11-24T10:00:00Z", duration: 6, settings: [:], machine: [:], cards: cards,
              curves: [], sampleRate: 10, samplesTaken: samples, missedDeadlines: 0, meanSampleMilliseconds: 1, episodes: [],
              requests: [], exitStatus: exitStatus)
}

@Test("a stress run fails when no card was sampled (2) or the load command failed (3); a command the run stopped is fine",
      arguments: [
          (true, Int32?.none, false, [StressOutcome]()),
          (true, Int32?.some(0), false, []),
          (false, Int32?.some(0), false, [.noCardSampled]),
          (true, Int32?.some(3), false, [.loadFailed]),
          (true, Int32?.some(143), true, []),
          (true, Int32?.some(137), false, [.loadFailed]),
          (false, Int32?.some(1), false, [.noCardSampled, .loadFailed]),
      ])
func stressOutcome(sampled: Bool, exitStatus: Int32?, stopped: Bool, expected: [StressOutcome]) {
    let report = stressReport(cards: sampled ? ["mi50": "0000:44:00.0 MI50"] : [:], samples: sampled ? 60 : 0, exitStatus: exitStatus)
    #expect(StressOutcome.problems(report, stoppedCommand: stopped).map(\.outcome) == expected)
}

@Test("two runs in the same second, or a reused --out, each get a directory of their own")
func freshRunDirectories() throws {
    let parent = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-runs-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: parent) }
    let date = Date(timeIntervalSince1970: 1_795_000_000)
    let first = try FreshRunDirectory.create(parent + "/" + FreshRunDirectory.defaultName(kind: "stress", date: date), kind: "stress", date: date)
    try "first run".write(toFile: first + "/run.json", atomically: true, encoding: .utf8)
    let second = try FreshRunDirectory.create(parent + "/" + FreshRunDirectory.defaultName(kind: "stress", date: date), kind: "stress", date: date)
    #expect(second == first + "-2")
    let out = parent + "/out/"
    let reused = [try FreshRunDirectory.create(out, kind: "stress", date: date), try FreshRunDirectory.create(out, kind: "stress", date: date)]
    #expect(reused == [parent + "/out", parent + "/out-2"])
    #expect(try String(contentsOfFile: first + "/run.json", encoding: .utf8) == "first run", "the first run is untouched")
}

@Test("summary.md says no card was sampled only when none was, never beside readings")
func summaryNoCardOnlyWhenNone() {
    var card = CardSample(name: "mi50")
    card.junction = 71
    let sampled = SummaryMarkdown.render([(stressReport(cards: ["mi50": "x"], samples: 1, exitStatus: 0), [TelemetrySample(time: 0, cards: [card], fans: [])])])
    #expect(!sampled.contains("no card sampled"))
    #expect(sampled.contains("71"))
    let empty = SummaryMarkdown.render([(stressReport(cards: [:], samples: 0, exitStatus: 0), [])])
    #expect(empty.contains("no card sampled"))
}

@Test("a run with a card that ended before its first sample says so, not that the machine has no card")
func stressEndedBeforeFirstSample() throws {
    var report = stressReport(cards: ["mi50": "0000:44:00.0 MI50"], samples: 0, exitStatus: nil)
    report.duration = 0.008
    let problem = try #require(StressOutcome.problems(report, stoppedCommand: false).first)
    #expect(problem.outcome == .noCardSampled)
    #expect(problem.message.contains("before its first sample"), "\(problem.message)")
    #expect(problem.message.contains("100 ms at --rate 10"), "\(problem.message)")
    #expect(!problem.message.contains("detect"), "the card is there: listing cards is not the fix")
}
