import FanControl
import Foundation
import Hardware

/// The calibration's findings as `calibrate` prints them.
extension CalibrationResult {
    /// The findings; `retry` is the command that calibrates again with a longer --settle.
    func report(retry: String) -> String {
        var lines = ["", "tach: " + (tach.map { "fan\($0)_input follows this header" } ?? "no tach follows this header (a fan without a tach wire?)")]
        if let stopDuty {
            lines.append("stops below \(stopDuty); recommended min_duty \(recommendedMinimum!)")
        } else if tach != nil {
            lines.append("the fan kept turning down to 0%: it may run from another supply (no speed control on this header?)"
                         + (unsettledSteps > 0 ? ", or its tach had not settled within --settle at \(unsettledSteps) step(s): give it longer: `\(retry)`" : ""))
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
