import ArgumentParser
import Foundation
import Service

/// `mi50fan status`: one screen per card and fan.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each card's temperatures, power and clocks, and each fan's duty and why.",
        discussion: """
            Reads the running service's status file, or the hardware directly when the service is not running.
            Exit status: 0 healthy, 2 a fan in fail-safe, 3 a fan stalled, 4 a card throttling for \
            temperature or current, 5 a sensor unreadable, 1 an error.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print the status as JSON.")
    var json = false

    func run() async throws {
        let state = try MachineState.read(global)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(state.status), as: UTF8.self))
        } else {
            print(StatusReport.text(state), terminator: "")
        }
        let (code, reason) = HealthCode.of(state.status)
        if let reason, !json { printError("attention: \(reason)") }
        if state.status.cards.isEmpty {
            printError("no card found; `mi50fan detect` lists what this machine has")
            throw ExitCode.failure
        }
        if code != .healthy { throw ExitCode(code.rawValue) }
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
            out += "  \(DetectReport.number(fan.dutyPercent))%\(rpm)  \(fan.mode)\(fan.stalled ? "  STALLED" : "")\n"
            if !fan.why.isEmpty { out += "  \(fan.why)\n" }
            if let error = fan.error { out += "  error: \(error)\n" }
        }
        if state.fromService {
            let uptime = Date().timeIntervalSince1970 - status.started
            out += "\nservice: running (pid \(status.pid), up \(duration(uptime))), config \(status.config)\n"
            if let reload = status.reloadError { out += "service: \(reload)\n" }
        } else {
            out += "\nservice: not running; read from the hardware\n"
        }
        return out
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds)
        if total >= 86400 { return "\(total / 86400)d \((total % 86400) / 3600)h" }
        if total >= 3600 { return "\(total / 3600)h \((total % 3600) / 60)m" }
        if total >= 60 { return "\(total / 60)m \(total % 60)s" }
        return "\(total)s"
    }
}
