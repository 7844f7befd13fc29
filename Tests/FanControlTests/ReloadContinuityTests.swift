import Testing
@testable import FanControl

/// A reload builds a new controller; it must carry on where the old one was.

@Test("fail-safe carries across a reload: the new controller does not drop to the curve on its first tick")
func failSafeSurvivesReload() {
    var old = Rig.single(failSafe: FailSafePolicy(recoverAfter: 3))
    _ = old.step(50, at: 0)
    #expect(old.step(nil, at: 1).duty == .full)
    var reloaded = Controller(plan: old.plan, continuing: old)
    let next = reloaded.step(50, at: 2)
    #expect(next.notes.contains(.failSafe))
    #expect(next.duty == .full)
}

@Test("a running fan is not kicked again by a reload, and its spin-down delay goes on")
func noKickOnReload() {
    let limits = FanLimits(minimum: Duty(percent: 20), startDuty: Duty(percent: 60), kickTime: TimeSpan(seconds: 2))
    var old = Rig.single(limits: limits, hysteresis: Hysteresis(spinDownDelay: TimeSpan(seconds: 10)))
    _ = old.step(50, at: 0)
    #expect(near(old.step(50, at: 5).duty, 30))   // kicked at start, settled since
    _ = old.step(45, at: 6)                       // falling: the delay starts
    var reloaded = Controller(plan: old.plan, continuing: old)
    let after = reloaded.step(45, at: 7)
    #expect(!after.notes.contains(.kick))
    #expect(after.notes.contains(.spinDownHeld))
    #expect(near(after.duty, 30))
    var fresh = Controller(plan: old.plan)
    #expect(fresh.step(45, at: 7).notes.contains(.kick))   // what a reload used to do
}

@Test("a reload that renames a fan starts that fan afresh; others carry on")
func reloadMatchesByName() {
    var old = Rig.single()
    _ = old.step(50, at: 0)
    _ = old.step(nil, at: 1)
    var plan = old.plan
    plan.fans[0].name = "renamed"
    var reloaded = Controller(plan: plan, continuing: old)
    #expect(!reloaded.step(50, at: 2).notes.contains(.failSafe))
}
