import ConfigReading
import StatusSchema

/// `mi50fan status`'s exit codes, for scripts and monitoring, and how a status maps to them.
public enum StatusHealth: Int32, Sendable, CaseIterable {
    /// The service runs, its status is current, every fan and card is fine.
    case healthy = 0
    /// Something else went wrong (no card found, bad arguments).
    case error = 1
    /// A fan is in fail-safe.
    case failSafe = 2
    /// A fan is stalled.
    case stalled = 3
    /// A card throttles for temperature or current (the power cap alone does not count).
    case throttling = 4
    /// A sensor is unreadable.
    case sensorFault = 5
    /// The config does not load.
    case configInvalid = 6
    /// The service's last reload failed; it still runs the previous config.
    case reloadFailed = 7
    /// No service runs, or it runs but its status has stopped moving.
    case notRunning = 8
    /// The service died: it did not stop cleanly and no longer holds its lock.
    case dead = 9

    /// One problem and its reason.
    public struct Problem: Equatable, Sendable {
        /// Its exit code.
        public var code: StatusHealth
        /// What is wrong, in words.
        public var reason: String
    }

    /// Every problem in `finding` and `status` (the picture shown: the service's, or the
    /// hardware's), most serious first: dead, hung, reload failed, config invalid, not
    /// running, fail-safe, stalled, throttling, sensor. The first is the exit code.
    /// `releaseCommand` is how the user releases this machine's fans (with its `--root` and
    /// state directory), suggested when the service died.
    public static func problems(_ finding: ServiceProbe.Finding, status: ServiceStatus, releaseCommand: String = "mi50fan release") -> [Problem] {
        var problems: [Problem] = []
        switch finding.service {
        case .dead(_, let reason):
            problems.append(Problem(code: .dead, reason: "the service died: \(reason); `systemctl status mi50fan` says why, `\(releaseCommand)` puts the fans it held at full speed"))
        case .stale(_, let reason):
            problems.append(Problem(code: .notRunning, reason: reason))
        case .running, .notRunning:
            break
        }
        if let reload = finding.status?.reloadError {
            problems.append(Problem(code: .reloadFailed, reason: reload))
        }
        if case .failure(let failure) = finding.config {
            problems.append(Problem(code: .configInvalid, reason: "\(failure.countText) in \(finding.configPath)"))
        }
        if finding.service == .notRunning {
            problems.append(Problem(code: .notRunning, reason: "the service is not running (`systemctl start mi50fan`)"))
        }
        for fan in status.fans where fan.mode == "fail-safe" {
            problems.append(Problem(code: .failSafe, reason: "fan \(fan.name) is in fail-safe: \(fan.failSafeReason)"))
        }
        for fan in status.fans where fan.stalled {
            problems.append(Problem(code: .stalled, reason: "fan \(fan.name) is stalled: 0 RPM at \(fan.dutyPercent)%"))
        }
        let thermal = ["edge", "junction", "hbm", "vr", "thermal-other", "current"]
        if let card = status.cards.first(where: { !Set($0.throttle).isDisjoint(with: thermal) }) {
            problems.append(Problem(code: .throttling, reason: "\(card.name) throttles: \(card.throttle.joined(separator: ", "))"))
        }
        let fanFaults = Set(status.fans.flatMap { ["fan \($0.name): fail-safe", "fan \($0.name): stalled"] })
        if let fault = status.faults.first(where: { !fanFaults.contains($0) }) {
            problems.append(Problem(code: .sensorFault, reason: fault))
        }
        return problems
    }
}
