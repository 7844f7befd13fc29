import FanControl
import Foundation
import SimulationHarness
import Simulator

/// The demo's live view: one status line redrawn in place on a terminal, a line every ten
/// simulated seconds otherwise; events always get their own line.
final class LiveView {
    let interactive: Bool
    private var lastPrinted = -Double.infinity

    init(interactive: Bool) { self.interactive = interactive }

    func show(_ sample: SimulationSample) {
        let line = Self.line(sample)
        if interactive {
            print("\r\u{1B}[2K" + colored(line, sample), terminator: "")
            fflush(nil)
        } else if sample.time - lastPrinted >= 10 {
            print(line)
            lastPrinted = sample.time
        }
    }

    func event(time: Double, _ message: String) {
        let text = String(format: "%7.0fs  ", time) + message
        print(interactive ? "\r\u{1B}[2K" + text : text)
    }

    func finish() { if interactive { print("") } }

    static func line(_ s: SimulationSample) -> String {
        let throttle = s.throttle.isEmpty ? "-" : [(ThrottleState.junction, "junction"), (.edge, "edge"), (.hbm, "hbm"), (.power, "power-cap")]
            .filter { s.throttle.contains($0.0) }.map(\.1).joined(separator: ",")
        let held = s.notes.contains(.failSafe) ? " FAIL-SAFE" : (s.notes.contains(.spinDownHeld) ? " held" : "")
        let phase = s.phase.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        return String(format: "%7.0fs %@ %3.0f W  edge %3.0f  junction %3.0f  mem %3.0f °C  fan %3.0f%% %5@ rpm  sclk %4.0f  throttle %@%@",
                      s.time, phase, s.power, s.edge, s.junction, s.mem, s.duty * 100,
                      s.rpm.map(String.init) ?? "-", s.sclk, throttle, held)
    }

    private func colored(_ line: String, _ sample: SimulationSample) -> String {
        if sample.notes.contains(.failSafe) || !sample.throttle.subtracting(.power).isEmpty { return "\u{1B}[31m" + line + "\u{1B}[0m" }
        if sample.junction >= 85 { return "\u{1B}[33m" + line + "\u{1B}[0m" }
        return line
    }
}
