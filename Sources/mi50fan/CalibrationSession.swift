import ConfigFiles
import FanControl
import Foundation
import Service
import Calibration
import Hardware

/// The calibration's findings as `calibrate` prints them.
extension CalibrationResult {
    var report: String {
        var lines = ["", "tach: " + (tach.map { "fan\($0)_input follows this header" } ?? "no tach follows this header (a fan without a tach wire?)")]
        if let stopDuty {
            lines.append("stops below \(stopDuty); recommended min_duty \(recommendedMinimum!)")
        } else if tach != nil {
            lines.append("the fan kept turning down to 0%: it may run from another supply (no speed control on this header?)"
                         + (unsettledSteps > 0 ? ", or its tach had not settled within --settle at \(unsettledSteps) step(s): give it longer" : ""))
        }
        if let startDuty { lines.append("starts from standstill at \(startDuty); recommended start_duty \(recommendedStart!)") }
        if !thermal.isEmpty {
            lines.append("steady junction under load:")
            for (duty, junction) in thermal { lines.append(String(format: "  %@  %5.1f °C", "\(duty)".leftPadded(to: 6), junction)) }
            if let limit = junctionLimit, let lowest = thermal.filter({ $0.junction < limit }).map(\.duty).min() {
                lines.append("lowest duty that holds the junction under \(Int(limit)) °C: \(lowest)")
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension CalibrationSession {
    /// Loads `global`'s config, checks that the service is not running (it would fight the
    /// calibration) and prepares the session for `fanName`.
    static func prepare(global: GlobalOptions, fanName: String, maxJunction: Double) throws -> CalibrationSession {
        let loaded: LoadedConfig
        switch ConfigLoader.load(path: global.config) {
        case .failure(let problems): throw CurveFailure("the config has problems:\n\(problems)")
        case .success(let value): loaded = value
        }
        guard let fan = loaded.config.fans.first(where: { $0.name == fanName }) else {
            throw CurveFailure("no fan `\(fanName)` in \(global.config); fans: \(loaded.config.fans.map(\.name).joined(separator: ", "))")
        }
        if let pid = ServiceReload.runningPID(stateDirectory: global.stateDirectory) {
            throw CurveFailure("the service runs (pid \(pid)) and would fight the calibration; stop it first: systemctl stop mi50fan")
        }
        do {
            return try CalibrationSession.prepare(root: global.sysfsRoot, config: loaded.config, fan: fan, maxJunction: maxJunction,
                                                  progress: progress)
        } catch {
            throw CurveFailure(error.description)
        }
    }
}

/// Prints a line at once, even into a pipe (calibration is followed as it goes).
private func progress(_ line: String) {
    print(line)
    fflush(nil)
}
