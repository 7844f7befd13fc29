@testable import Service
import StatusSchema
import Testing

/// A status as the daemon builds it: one card, one fan on its curve.
private func steadyStatus() -> ServiceStatus {
    let card = ServiceStatus.Card(
        name: "mi50", pciSlot: "0000:44:00.0", temperatures: ["edge": 41, "junction": 45, "mem": 40], faults: [:],
        critical: ["junction": 100], emergency: ["junction": 105], powerWatts: 20, powerCapWatts: 225, sclkMHz: 925,
        mclkMHz: 350, busyPercent: 0, vramUsedBytes: 1 << 20, vramTotalBytes: 1 << 34, throttle: [])
    let fan = ServiceStatus.Fan(name: "blower", output: "nct6798 pwm2", dutyPercent: 25, rpm: 1126, mode: "curve",
                                curve: "mi50-blower-balanced", why: "mi50.junction 45°C on mi50-blower-balanced below its first point",
                                stalled: false, error: nil)
    return ServiceStatus(pid: 4242, started: 1_795_000_000, config: "/etc/mi50fan/config.yaml", intervalSeconds: 1,
                         cards: [card], fans: [fan], faults: [], reloadError: nil, failSafeEvents: [:])
}

/// The pacing after a readings tick at `time`.
private func readingsTaken(at time: Double) -> StatusPacing {
    var pacing = StatusPacing()
    pacing.tookReadings(at: time)
    return pacing
}

extension StatusPacing {
    /// The decision on a tick at `now`: a readings tick when one is due then.
    fileprivate func decision(_ status: ServiceStatus, written: ServiceStatus?, now: Double) -> Decision {
        decision(status, written: written, readingsDue: readingsDue(now: now))
    }
}

/// Changes of readings alone: each is held back within the interval.
private let readingChanges: [(String, @Sendable (inout ServiceStatus) -> Void)] = [
    ("junction temperature", { $0.cards[0].temperatures["junction"] = 46 }),
    ("edge temperature", { $0.cards[0].temperatures["edge"] = 42 }),
    ("RPM", { $0.fans[0].rpm = 1180 }),
    ("power", { $0.cards[0].powerWatts = 31.5 }),
    ("clocks", { $0.cards[0].sclkMHz = 1725; $0.cards[0].mclkMHz = 800 }),
    ("load and VRAM in use", { $0.cards[0].busyPercent = 97; $0.cards[0].vramUsedBytes = 1 << 30 }),
    ("a curve's explanation", { $0.fans[0].why = "mi50.junction 46°C on mi50-blower-balanced below its first point" }),
    ("all of them at once", {
        $0.cards[0].temperatures["junction"] = 47
        $0.fans[0].rpm = 1200
        $0.cards[0].powerWatts = 40
        $0.fans[0].why = "mi50.junction 47°C on mi50-blower-balanced below its first point"
    }),
]

/// Changes of state: each is written at once.
private let stateChanges: [(String, @Sendable (inout ServiceStatus) -> Void)] = [
    ("duty", { $0.fans[0].dutyPercent = 25.1 }),
    ("fail-safe entered", {
        $0.fans[0].mode = "fail-safe"
        $0.fans[0].dutyPercent = 100
        $0.fans[0].why = "fail-safe: mi50.junction unreadable"
        $0.faults = ["fan blower: fail-safe"]
        $0.failSafeEvents = ["blower": 1]
    }),
    ("sensor fault", {
        $0.cards[0].faults["mem"] = "read failed: Input/output error"
        $0.cards[0].temperatures["mem"] = nil
        $0.faults = ["mi50.mem: read failed: Input/output error"]
    }),
    ("stall", { $0.fans[0].stalled = true; $0.faults = ["fan blower: stalled"] }),
    ("fan mode", { $0.fans[0].mode = "critical" }),
    ("curve", { $0.fans[0].curve = "mi50-blower-quiet" }),
    ("output taken away", { $0.fans[0].output = nil; $0.fans[0].mode = "no output" }),
    ("output error", { $0.fans[0].error = "pwm2: Permission denied" }),
    ("tach gone", { $0.fans[0].rpm = nil }),
    ("reload failed", { $0.reloadError = "reload failed: 1 problem in /etc/mi50fan/config.yaml" }),
    ("config and interval reloaded", { $0.config = "/etc/mi50fan/other.yaml"; $0.intervalSeconds = 0.5 }),
    ("a fault line alone (outputs not recorded)", { $0.faults = ["outputs not recorded: No space left on device"] }),
    ("throttling", { $0.cards[0].throttle = ["thermal-junction"] }),
    ("card lost", { $0.cards[0].pciSlot = nil }),
    ("a sensor no longer shown", { $0.cards[0].temperatures["edge"] = nil }),
    ("limits", { $0.cards[0].critical["junction"] = 95 }),
    ("power cap", { $0.cards[0].powerCapWatts = 150 }),
    ("a fan added", { $0.fans.append($0.fans[0]); $0.fans[1].name = "rear" }),
    ("a restarted service", { $0.pid = 4243 }),
]

@Suite("status file pacing: state at once, readings at most every 5 s")
struct StatusPacingTests {
    @Test("readings ticks: the first tick, then every 5 seconds from the last")
    func interval() {
        #expect(StatusPacing.readingsInterval == 5)
        #expect(StatusPacing().readingsDue(now: 0))
        let pacing = readingsTaken(at: 100)
        #expect(!pacing.readingsDue(now: 100))
        #expect(!pacing.readingsDue(now: 104.8))
        #expect(pacing.readingsDue(now: 104.95), "the last readings tick woke 50 ms late")
        #expect(pacing.readingsDue(now: 105))
        #expect(pacing.readingsDue(now: 160))
    }

    @Test("the first status is written, an unchanged one is not")
    func firstAndUnchanged() {
        let status = steadyStatus()
        #expect(StatusPacing().decision(status, written: nil, now: 0) == .write)
        #expect(readingsTaken(at: 0).decision(status, written: status, now: 1) == .unchanged)
        #expect(readingsTaken(at: 0).decision(status, written: status, now: 3600) == .unchanged, "no time makes an unchanged status worth writing")
    }

    @Test("a change of readings alone waits for the next readings tick, 5 s after the last", arguments: readingChanges.map(\.0))
    func readingsHeld(name: String) throws {
        let change = try #require(readingChanges.first { $0.0 == name }?.1)
        let before = steadyStatus()
        var after = before
        change(&after)
        #expect(after != before)
        let pacing = readingsTaken(at: 100)
        for now in [100.0, 101, 103.5, 104.8] {
            #expect(pacing.decision(after, written: before, now: now) == .held, "at \(now - 100) s")
        }
        #expect(pacing.decision(after, written: before, now: 105) == .write)
        #expect(pacing.decision(after, written: before, now: 160) == .write)
    }

    @Test("a change of state is written at once, also within 5 s of the last write", arguments: stateChanges.map(\.0))
    func stateAtOnce(name: String) throws {
        let change = try #require(stateChanges.first { $0.0 == name }?.1)
        let before = steadyStatus()
        var after = before
        change(&after)
        #expect(!after.hasSameState(as: before))
        #expect(readingsTaken(at: 100).decision(after, written: before, now: 100) == .write)
        // Also with readings changed and held back beside it.
        var both = after
        both.cards[0].powerWatts = 55
        #expect(readingsTaken(at: 100).decision(both, written: before, now: 100.5) == .write)
    }

    @Test("in fail-safe the explanation says what is wrong: a new reason is written at once; on a curve it is a reading")
    func failSafeReason() {
        var before = steadyStatus()
        before.fans[0].mode = "fail-safe"
        before.fans[0].why = "fail-safe: mi50.junction unreadable"
        var after = before
        after.fans[0].why = "fail-safe: mi50.mem unreadable"
        #expect(readingsTaken(at: 0).decision(after, written: before, now: 1) == .write)
        before.fans[0].mode = "curve"
        after.fans[0].mode = "curve"
        #expect(readingsTaken(at: 0).decision(after, written: before, now: 1) == .held)
    }
}
