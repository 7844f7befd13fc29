import Foundation
@testable import Simulator
import SimulationHarness

/// A temporary root for a virtual machine, removed when dropped.
final class SimulatorRoot {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("mi50fan-simtest-\(UUID().uuidString)").path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func read(_ relative: String) -> String? {
        try? String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }
}

/// Runs `run` for `seconds` of simulated time, calling `each` after every tick.
func simulate(_ run: SimulatedRun, seconds: Double, each: (SimulationSample) -> Void = { _ in }) {
    while run.card.time < seconds {
        let (sample, _) = run.step()
        each(sample)
    }
}

let junctionFile = "sys/devices/pci0000:40/0000:40:03.1/0000:44:00.0/hwmon/hwmon1/temp2_input"
let headerEnable = "sys/devices/platform/nct6775.656/hwmon/hwmon2/pwm2_enable"
