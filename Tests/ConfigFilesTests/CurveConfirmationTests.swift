import ConfigFiles
import FanControl
import Foundation
import Testing

private let before = "points:\n  - [40, 30%]\n  - [80, 100%]\ncritical: 95\n"
private let after = "points:\n  - [40, 1%]\n  - [80, 100%]\ncritical: 95\n"

/// A config using curve `c` and the curves directory beside it, holding `after` as `c`.
private func workspace() throws -> TemporaryDirectory {
    let directory = try TemporaryDirectory()
    try directory.write("config.yaml", """
        version: 1
        gpus:
          - name: mi50
            pci_slot: "0000:03:00.0"
        fans:
          - name: blower
            output:
              hwmon: {chip: nct6798, pwm: 2}
            curve: c
            sensors: [mi50.junction]

        """)
    try directory.write("curves/c.yaml", after)
    return directory
}

private struct Unstartable: Error {}

/// The duty of a linear curve's first point.
private func firstDuty(_ curve: FanCurve?) -> Double? {
    guard case .linear(let points)? = curve?.shape else { return nil }
    return points.first?.duty.fraction
}

@Test("a --confirm value outside 1s...1h is refused", arguments: ["5x", "0s", "0.5s", "2h", "1e300s", "-3s", ""])
func badWindow(_ text: String) {
    #expect(throws: CurveConfirmation.Failure.self) { try CurveConfirmation.window(text) }
}

@Test("good --confirm values parse", arguments: [("30s", 30.0), ("1s", 1.0), ("1h", 3600.0), ("2m", 120.0)])
func goodWindow(_ text: String, seconds: Double) throws {
    #expect(try CurveConfirmation.window(text).seconds == seconds)
}

@Test("a change is due at its deadline, after a reboot, or when its watcher is gone")
func dueTable() {
    let pending = PendingRevert(name: "c", token: "t", deadline: 100, previous: before, watcherPID: 42, bootID: "boot-a")
    let alive: (Int32) -> Bool = { _ in true }, gone: (Int32) -> Bool = { _ in false }
    #expect(!pending.isDue(now: 99, currentBootID: "boot-a", processExists: alive))
    #expect(pending.isDue(now: 100, currentBootID: "boot-a", processExists: alive))
    #expect(pending.isDue(now: 99, currentBootID: "boot-b", processExists: alive))
    #expect(pending.isDue(now: 99, currentBootID: "boot-a", processExists: gone))
    var unstarted = pending
    unstarted.watcherPID = nil
    #expect(!unstarted.isDue(now: 99, currentBootID: "boot-a", processExists: gone))
}

@Test("arming records the previous text and the watcher; a watcher that cannot start reverts at once")
func arming() async throws {
    let directory = try workspace()
    let curves = directory.path + "/curves"
    let pending = try await CurveConfirmation.arm(name: "c", previous: before, window: TimeSpan(seconds: 30), in: curves, now: 1000) { _ in 4242 }
    #expect(PendingRevert.read(in: curves) == pending)
    #expect(pending.deadline == 1030 && pending.watcherPID == 4242 && pending.previous == before)
    try CurveConfirmation.settle(in: curves) { _ in false }
    #expect(try String(contentsOfFile: curves + "/c.yaml", encoding: .utf8) == after)

    unlink(PendingRevert.path(in: curves))
    await #expect(throws: CurveConfirmation.Failure.self) {
        _ = try await CurveConfirmation.arm(name: "c", previous: before, window: TimeSpan(seconds: 30), in: curves) { _ in throw Unstartable() }
    }
    #expect(try String(contentsOfFile: curves + "/c.yaml", encoding: .utf8) == before)
    #expect(PendingRevert.read(in: curves) == nil)
}

@Test("confirm keeps a change in time, and reverts one whose time is up")
func confirming() throws {
    let directory = try workspace()
    let curves = directory.path + "/curves"
    try PendingRevert(name: "c", token: "t", deadline: 0, previous: before, watcherPID: 7).write(in: curves)
    #expect(try CurveConfirmation.confirm(in: curves) { _ in false } == .kept(name: "c", watcherPID: 7))
    #expect(try String(contentsOfFile: curves + "/c.yaml", encoding: .utf8) == after)
    #expect(try CurveConfirmation.confirm(in: curves) { _ in false } == .nonePending)

    try PendingRevert(name: "c", token: "t", deadline: 0, previous: before).write(in: curves)
    #expect(try CurveConfirmation.confirm(in: curves) { _ in true } == .expired(name: "c"))
    #expect(try String(contentsOfFile: curves + "/c.yaml", encoding: .utf8) == before)
    #expect(try String(contentsOfFile: curves + "/c.yaml~", encoding: .utf8) == after)
}

@Test("the service's config load runs the previous version of an expired change, even when it cannot write the file")
func loadHonoursExpiredChange() throws {
    let directory = try workspace()
    let curves = directory.path + "/curves"
    let config = directory.path + "/config.yaml"
    try PendingRevert(name: "c", token: "t", deadline: Date().timeIntervalSince1970 + 3600, previous: before,
                      watcherPID: getpid(), bootID: PendingRevert.currentBootID()).write(in: curves)
    let pendingLoad = try ConfigLoader.load(path: config).get()
    #expect(pendingLoad.notes.isEmpty)
    #expect(firstDuty(pendingLoad.curves["c"]) == 0.01)

    // The machine rebooted: the watcher is gone, so the change is due now.
    try PendingRevert(name: "c", token: "t", deadline: Date().timeIntervalSince1970 + 3600, previous: before,
                      watcherPID: getpid(), bootID: "an-earlier-boot").write(in: curves)
    let expiredLoad = try ConfigLoader.load(path: config).get()
    #expect(expiredLoad.notes.count == 1)
    #expect(expiredLoad.notes.first?.contains("curve `c`: a change made with --confirm was not confirmed in time") == true)
    #expect(firstDuty(expiredLoad.curves["c"]) == 0.3)
    #expect(try String(contentsOfFile: curves + "/c.yaml", encoding: .utf8) == after)
}

@Test("a forged record naming a file outside the curves directory is ignored")
func forgedRecord() throws {
    let directory = try workspace()
    let curves = directory.path + "/curves"
    let outside = try directory.write("victim.yaml", "untouched\n")
    try PendingRevert(name: "../victim", token: "t", deadline: 0, previous: "overwritten\n").write(in: curves)
    #expect(PendingRevert.read(in: curves) == nil)
    #expect(try CurveConfirmation.settle(in: curves) { _ in true } == nil)
    #expect(try String(contentsOfFile: outside, encoding: .utf8) == "untouched\n")
}

@Test("a file written with an explicit mode gets that mode whatever the umask", arguments: [(mode_t(0o644), mode_t(0o077)), (mode_t(0o600), mode_t(0o022))])
func explicitMode(mode: mode_t, mask: mode_t) throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/status.json"
    let previous = umask(mask)
    defer { umask(previous) }
    try AtomicFile.write("{}\n", to: path, mode: mode)
    var status = stat()
    #expect(stat(path, &status) == 0)
    #expect(status.st_mode & 0o777 == mode)
}
