import Bench
import Foundation
import Hardware
@testable import Simulator
import Synchronization
import Testing

/// A simulated one-card machine and a run directory below it, removed afterwards.
private struct StressScene {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-stress-run-\(UUID().uuidString)").path
    let machine: VirtualMI50Machine
    var directory: String { root + "/run" }

    init(cards: Bool = true) throws {
        machine = VirtualMI50Machine(root: root, cards: 1, profile: .idle)
        if cards {
            machine.build()
            machine.advance(by: 1)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func session() throws -> RunSession { try RunSession(root: machine.root, configPath: "/nonexistent.yaml", rate: 50, slot: nil) }
    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// The lines a run says, collected.
private final class Lines: Sendable {
    private let lines = Mutex<[String]>([])
    func say(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

@Test("a load command that exits 3 ends the run with it: its status recorded, exit 3, its output in command.log")
func stressRunLoadFails() async throws {
    let scene = try StressScene()
    defer { scene.remove() }
    let lines = Lines()
    let run = StressRun(command: ["/bin/sh", "-c", "echo loading; exit 3"], limit: nil, pollInterval: .milliseconds(10))
    let outcome = try await run.run(session: try scene.session(), interruption: BenchInterruption(), directory: scene.directory,
                                    root: scene.machine.root, say: lines.say)
    #expect(outcome.report.exitStatus == 3)
    #expect(!outcome.stoppedCommand && !outcome.interrupted)
    #expect(outcome.problems.map(\.outcome) == [.loadFailed])
    #expect(outcome.exitStatus == StressOutcome.loadFailed.rawValue)
    #expect(outcome.report.label == "sh")
    #expect(outcome.report.settings["command"] == "/bin/sh -c echo loading; exit 3")
    #expect(try String(contentsOfFile: scene.directory + "/command.log", encoding: .utf8) == "loading\n")
    #expect(lines.all == ["running /bin/sh -c echo loading; exit 3 (output in \(scene.directory)/command.log)"])
    #expect(try RunReport.load(directory: scene.directory).exitStatus == 3, "run.json says how the command ended")
}

@Test("at the limit the run stops the command's whole group itself: its death by signal is no failure, and the cards were sampled")
func stressRunStopsAtLimit() async throws {
    let scene = try StressScene()
    defer { scene.remove() }
    // A command that never ends by itself: while the whole suite runs, the test threads can be
    // held for minutes, and the run must still be the one that stops it.
    let run = StressRun(command: ["/bin/sleep", "86400"], limit: 0.3, limitText: "300ms", pollInterval: .milliseconds(10))
    let outcome = try await run.run(session: try scene.session(), interruption: BenchInterruption(), directory: scene.directory,
                                    root: scene.machine.root) { _ in }
    #expect(outcome.stoppedCommand)
    #expect(outcome.report.exitStatus != nil, "how the stopped command ended is recorded")
    #expect(outcome.report.duration >= 0.3)
    #expect(outcome.report.samplesTaken > 0 && !outcome.report.cards.isEmpty)
    #expect(outcome.problems.isEmpty && outcome.exitStatus == 0)
    #expect(outcome.report.settings["duration"] == "300ms")
}

@Test("an interruption ends the run at once, stops the command, says so and records it")
func stressRunInterrupted() async throws {
    let scene = try StressScene()
    defer { scene.remove() }
    let interruption = BenchInterruption()
    interruption.fire()
    let lines = Lines()
    let run = StressRun(command: ["/bin/sleep", "86400"], limit: nil, pollInterval: .milliseconds(10))
    let outcome = try await run.run(session: try scene.session(), interruption: interruption, directory: scene.directory,
                                    root: scene.machine.root, say: lines.say)
    #expect(outcome.interrupted && outcome.stoppedCommand)
    #expect(outcome.report.interrupted == true)
    #expect(lines.all.last == "interrupted")
    #expect(outcome.exitStatus == 0)
}

@Test("without a card the run is not a success (exit 2) and says how to list the cards, with the run's root")
func stressRunNoCard() async throws {
    let scene = try StressScene(cards: false)
    defer { scene.remove() }
    let run = StressRun(command: [], limit: 0.05, pollInterval: .milliseconds(10))
    let outcome = try await run.run(session: try scene.session(), interruption: BenchInterruption(), directory: scene.directory,
                                    root: scene.machine.root) { _ in }
    #expect(outcome.report.exitStatus == nil)
    #expect(outcome.problems.map(\.outcome) == [.noCardSampled])
    #expect(outcome.exitStatus == 2)
    #expect(outcome.problems.first?.message.contains("mi50fan detect --root \(scene.root)") == true, "\(outcome.problems)")
}

@Test("a command that cannot be started is refused before anything runs, naming the command")
func stressRunCannotStart() async throws {
    let scene = try StressScene()
    defer { scene.remove() }
    let run = StressRun(command: ["/nonexistent/load", "--hard"], limit: nil)
    await #expect {
        _ = try await run.run(session: try scene.session(), interruption: BenchInterruption(), directory: scene.directory,
                              root: scene.machine.root) { _ in }
    } throws: { error in
        (error as? StressRun.StartFailure)?.description.hasPrefix("cannot start /nonexistent/load --hard: ") == true
    }
    #expect(!FileManager.default.fileExists(atPath: scene.directory + "/run.json"), "no report of a run that never ran")
}
