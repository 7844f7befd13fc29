import FanControl
import Testing
@testable import Service

/// A tick of one card (junction, power) and one fan.
private func report(junction: Reading = .value(70, at: Timestamp(seconds: 1)), power: Reading = .value(150, at: Timestamp(seconds: 1)),
                    duty: Double = 0.5, notes: DecisionNotes = [], rpm: Int? = 1800, stalled: Bool = false,
                    error: String? = nil) -> TickReport {
    var decision = FanDecision(duty: Duty(fraction: duty))
    decision.notes = notes
    decision.selection = 0
    decision.temperature = Temperature(celsius: 70)
    return TickReport(time: Timestamp(seconds: 1), readings: [junction, power], decisions: [decision], rpm: [rpm],
                      stalled: [stalled], outputErrors: [error], wrote: [false], enteredFailSafe: [false], events: [])
}

private let identities: [String?] = ["nct6775 pwm1"]

/// A rebuild that last built from `report()`.
private func builtFromSteadyTick() -> StatusRebuild {
    var rebuild = StatusRebuild()
    rebuild.didBuild(report: report(), identities: identities, recordError: nil)
    return rebuild
}

@Suite("StatusRebuild: when a tick builds the status again")
struct StatusRebuildTests {
    @Test("the first tick, a reload, and a telemetry refresh build it")
    func firstReloadTelemetry() {
        var rebuild = StatusRebuild()
        #expect(rebuild.isNeeded(report: report(), identities: identities, recordError: nil, telemetryRefreshed: false, readingsDue: false))
        rebuild.didBuild(report: report(), identities: identities, recordError: nil)
        #expect(!rebuild.isNeeded(report: report(), identities: identities, recordError: nil, telemetryRefreshed: false, readingsDue: false))
        #expect(rebuild.isNeeded(report: report(), identities: identities, recordError: nil, telemetryRefreshed: true, readingsDue: false))
        rebuild.reset()
        #expect(rebuild.isNeeded(report: report(), identities: identities, recordError: nil, telemetryRefreshed: false, readingsDue: false))
    }

    @Test("moved readings build it only once they are due")
    func readingsOnlyWhenDue() {
        let rebuild = builtFromSteadyTick()
        for moved in [report(junction: .value(71, at: Timestamp(seconds: 2))), report(power: .value(200, at: Timestamp(seconds: 2))), report(rpm: 1850)] {
            #expect(!rebuild.isNeeded(report: moved, identities: identities, recordError: nil, telemetryRefreshed: false, readingsDue: false))
            #expect(rebuild.isNeeded(report: moved, identities: identities, recordError: nil, telemetryRefreshed: false, readingsDue: true))
        }
        // Due, but nothing moved (the same values read at a later time): nothing to build.
        #expect(!rebuild.isNeeded(report: report(junction: .value(70, at: Timestamp(seconds: 9))), identities: identities, recordError: nil,
                                  telemetryRefreshed: false, readingsDue: true))
    }

    @Test("a change of state builds it at once", arguments: [
        ("a sensor fault", report(junction: .fault(.missing))),
        ("another fault", report(power: .fault(.readError(errno: 5)))),
        ("a duty", report(duty: 0.6)),
        ("a note (fail-safe)", report(notes: [.failSafe])),
        ("a stall", report(stalled: true)),
        ("an output error", report(error: "fan blower: write failed")),
        ("an RPM going away", report(rpm: nil)),
    ])
    func stateAtOnce(name: String, changed: TickReport) {
        let rebuild = builtFromSteadyTick()
        #expect(rebuild.isNeeded(report: changed, identities: identities, recordError: nil, telemetryRefreshed: false, readingsDue: false), "\(name)")
    }

    @Test("an output found or lost, and the record of held outputs failing, build it at once")
    func outputsAndRecord() {
        let rebuild = builtFromSteadyTick()
        #expect(rebuild.isNeeded(report: report(), identities: [nil], recordError: nil, telemetryRefreshed: false, readingsDue: false))
        #expect(rebuild.isNeeded(report: report(), identities: identities, recordError: "outputs not recorded: EROFS",
                                 telemetryRefreshed: false, readingsDue: false))
    }
}
