import ArgumentParser
import Foundation
import Service
import JSONText

/// `mi50fan status`: one screen per card and fan.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each card's temperatures, power and clocks, and each fan's duty and why.",
        discussion: """
            Finds the running service through its state directory (/run/mi50fan, or --state-dir) and \
            reads its status file; reads the hardware directly when no service runs. Without --config \
            it checks the running service's config (or /etc/mi50fan/config.yaml).
            Exit status, the most serious first: 9 the service died (it did not stop cleanly), \
            8 the service hangs (its status stopped moving), 7 its last reload failed, 6 the config \
            does not load, 8 no service runs, 2 a fan in fail-safe, 3 a fan stalled, 4 a card \
            throttling for temperature or current, 5 a sensor unreadable, 1 an error, 0 healthy.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The service's state directory (default: /run/mi50fan below --root).", valueName: "dir"))
    var stateDir: String?

    @Flag(help: "Print the status as JSON.")
    var json = false

    func run() async throws {
        let state = MachineState.read(root: global.sysfsRoot, config: global.config, stateDirectory: stateDir)
        if json {
            print(try JSONWriter.encode(state.status), terminator: "")
        } else {
            print(StatusReport.text(state), terminator: "")
        }
        if case .failure(let failure) = state.finding.config {
            for problem in failure.problems {
                printError("\(problem.location): error: \(problem.message)" + (problem.fix.isEmpty ? "" : "\n    fix: \(problem.fix)"))
            }
        }
        for note in state.finding.notes { printError("note: \(note)") }
        let release = global.command("release") + (stateDir.map { " --state-dir \($0)" } ?? "")
        let problems = StatusHealth.problems(state.finding, status: state.status, releaseCommand: release)
        for problem in problems { printError("attention: \(problem.reason)") }
        if let first = problems.first { throw ExitCode(first.code.rawValue) }
        if state.status.cards.isEmpty {
            printError("error: no card found; `mi50fan detect` lists what this machine has")
            throw ExitCode(StatusHealth.error.rawValue)
        }
    }
}

/// `status`'s text.
enum StatusReport {
    static func text(_ state: MachineState) -> String {
        let status = state.status
        var out = ""
        for card in status.cards {
            out += "\(card.name)  \(card.pciSlot ?? "not found")\n"
            for sensor in ["edge", "junction", "mem"] {
                let value = card.temperatures[sensor].map { "\(DetectReport.number($0))°C" } ?? "unknown (\(card.faults[sensor] ?? "not read"))"
                var limits = ""
                if let critical = card.critical[sensor] { limits += "  crit " + DetectReport.number(critical).leftPadded(to: 3) }
                if let emergency = card.emergency[sensor] { limits += "  emergency " + DetectReport.number(emergency).leftPadded(to: 3) }
                out += "  " + sensor.padding(toLength: 9, withPad: " ", startingAt: 0) + value.padding(toLength: 8, withPad: " ", startingAt: 0) + limits + "\n"
            }
            let line = DetectReport.cardLine(power: card.powerWatts, cap: card.powerCapWatts, sclk: card.sclkMHz, mclk: card.mclkMHz,
                                             busy: card.busyPercent, vramUsed: card.vramUsedBytes, vramTotal: card.vramTotalBytes)
            if !line.isEmpty { out += "  " + line + "\n" }
            out += "  throttling: " + (card.throttle.isEmpty ? "no" : card.throttle.joined(separator: ", ")) + "\n\n"
        }
        for fan in status.fans {
            let rpm = fan.rpm.map { "  \($0) RPM" } ?? ""
            out += "fan \(fan.name)  \(fan.output ?? "no output")\n"
            out += "  \(DetectReport.number(fan.dutyPercent))%\(rpm)  \(fan.modeText)\n"
            if !fan.why.isEmpty { out += "  \(fan.why)\n" }
            if let error = fan.error { out += "  error: \(error)\n" }
        }
        out += "\n" + serviceLines(state)
        return out
    }

    /// The service's lines: running, hung, dead or not running.
    static func serviceLines(_ state: MachineState) -> String {
        let status = state.status
        switch state.finding.service {
        case .running(let pid):
            guard state.fromService else { return "service: starting (pid \(pid)), config \(state.finding.configPath)\n" }
            let uptime = Date().timeIntervalSince1970 - status.started
            var out = "service: running (pid \(pid), up \(duration(uptime))), config \(status.config)\n"
            if let reload = status.reloadError { out += "service: \(reload)\n" }
            return out
        case .stale(_, let reason):
            return "service: hung: \(reason)\(state.fromService ? "; the readings above are its last" : "")\n"
        case .dead(_, let reason):
            return "service: dead: \(reason); read from the hardware\n"
        case .notRunning:
            return "service: not running; read from the hardware\n"
        }
    }

    static func duration(_ seconds: Double) -> String {
        // A forged or garbled status may hold any number: never trap on it.
        guard seconds.isFinite, seconds >= 0, seconds < 1e12 else { return "?" }
        let total = Int(seconds)
        if total >= 86400 { return "\(total / 86400)d \((total % 86400) / 3600)h" }
        if total >= 3600 { return "\(total / 3600)h \((total % 3600) / 60)m" }
        if total >= 60 { return "\(total / 60)m \(total % 60)s" }
        return "\(total)s"
    }
}
