import ArgumentParser
import Bench
import ConfigFiles
import FanControl
import Foundation
import Service
import Calibration
import Hardware
import UnixSignals

/// `mi50fan calibrate --fan FAN`: find a fan's stop and start duty (what pwmconfig does),
/// safely, and offer to write them as `min_duty` / `start_duty`.
struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Find a fan's stop and start duty and which tach follows it; offer to save min_duty and start_duty.",
        discussion: """
            Refuses while the service runs, or while a card the fan cools is hot or under load. Steps the \
            header down from full speed until the fan stops, then up until it starts, waiting at each step \
            until the tach readings hold steady (within --tolerance over 3 s, at most --settle), and puts the header \
            back as it was at the end, on Ctrl-C, and on any error. --thermal also measures the steady \
            junction temperature at several duties under a fixed load (start it first, or give --load-command).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "The fan's name in the config (as `curve use --fan`).") var fan: String
    @Option(help: "The longest wait at each step for the tach to settle (readings steady over 3 s; default 30s).", transform: durationArgument)
    var settle = TimeSpan(seconds: 30)
    @Option(help: "How far the tach readings may spread and still count as settled (default 3%).", transform: dutyArgument)
    var tolerance = Duty(fraction: 0.03)
    @Option(help: "Duty step (default 5%).", transform: dutyArgument) var step = Duty(fraction: 0.05)
    @Option(help: "Refuse above this junction temperature, °C.") var maxJunction: Double = 60
    @Flag(help: "Write min_duty and start_duty to the config without asking.") var yes = false
    @Flag(help: "Also measure steady junction temperature against duty under load.") var thermal = false
    @Option(help: "With --thermal: a command that loads the card while it is measured.") var loadCommand: String?
    @Option(help: "With --thermal: how long the junction must hold still to count as steady (default 60s).", transform: durationArgument)
    var window = TimeSpan(seconds: 60)

    func validate() throws {
        guard settle.seconds > 0 else { throw ValidationError("--settle must be longer than 0s") }
        guard step.fraction >= 0.01 else { throw ValidationError("--step must be at least 1%") }
        guard tolerance.fraction > 0 else { throw ValidationError("--tolerance must be above 0%") }
    }

    func run() async throws {
        let session: CalibrationSession
        do {
            session = try CalibrationSession.prepare(configPath: global.config, root: global.sysfsRoot, stateDirectory: global.stateDirectory,
                                                     fanName: fan, maxJunction: maxJunction, progress: progress)
        } catch {
            printError("error: \(error.description)")
            throw ExitCode.failure
        }
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let load = loadCommand.map { command in { @Sendable () async throws -> any CalibrationLoad in try await LoadProcess.start(["/bin/sh", "-c", command], log: nil) } }
        let work = Task { try await session.calibrate(settle: settle.seconds, tolerance: tolerance.fraction, step: step.fraction,
                                                      thermal: thermal ? (window.seconds, load) : nil) }
        let watcher = Task {
            for await _ in signals {
                work.cancel()
                return
            }
        }
        defer { watcher.cancel() }
        let result: CalibrationResult
        do {
            result = try await work.value
        } catch is CancellationError {
            session.restore()
            printError("interrupted: \(session.output.identity) is back at \(session.originalValue) (mode \(session.originalMode))")
            throw ExitCode(130)
        } catch {
            session.restore()
            printError("error: \(error); \(session.output.identity) is back as it was")
            throw ExitCode.failure
        }
        session.restore()
        let longer = "\(formatNumber(settle.seconds * 2))s"
        print(result.report(retry: global.command("calibrate --fan \(fan) --settle \(longer) --tolerance \(tolerance) --step \(step)")))
        try offerToSave(result)
    }

    private func offerToSave(_ result: CalibrationResult) throws {
        guard let minimum = result.recommendedMinimum, let start = result.recommendedStart else { return }
        var save = yes
        if !yes {
            printError("write min_duty \(minimum) and start_duty \(start) for fan \(fan) to \(global.config)? [y/N] ", newline: false)
            save = readLine()?.lowercased().hasPrefix("y") ?? false
        }
        guard save else { return }
        do {
            try ConfigEditor.setFanLimits(configPath: global.config, fan: fan,
                                          values: [("min_duty", "\(minimum)"), ("start_duty", "\(start)")], curvesDirectory: nil)
            print("saved to \(global.config) (previous version kept as \(global.config)~); \(ServiceReload.request(stateDirectory: global.stateDirectory).message)")
        } catch {
            printError("not saved: \(error)")
            throw ExitCode.failure
        }
    }
}

/// Prints a line at once, even into a pipe (calibration is followed as it goes).
@Sendable private func progress(_ line: String) {
    print(line)
    fflush(nil)
}
