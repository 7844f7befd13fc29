import ConfigFiles
import FanControl
import Foundation
import Service
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

/// One calibration: the header, its tachs, and what to put back.
final class CalibrationSession: @unchecked Sendable {
    let output: HwmonPWMOutput
    let tachs: [TachReader]
    let originalValue: Int
    let originalMode: Int
    let root: SysfsRoot
    let gpus: [GPUDevice]

    private init(output: HwmonPWMOutput, tachs: [TachReader], originalValue: Int, originalMode: Int, root: SysfsRoot, gpus: [GPUDevice]) {
        self.output = output
        self.tachs = tachs
        self.originalValue = originalValue
        self.originalMode = originalMode
        self.root = root
        self.gpus = gpus
    }

    /// Checks that calibrating is safe now and finds the header.
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
        guard case .hwmon(let chipName, let device, let index) = fan.output else {
            throw CurveFailure("fan `\(fanName)` is on \(fan.output): only motherboard PWM headers with a tach can be calibrated")
        }
        let root = global.sysfsRoot
        let chip = try HwmonDiscovery.find(name: chipName, device: device, in: HwmonDiscovery(root: root).scan()).mapError { CurveFailure("\($0)") }.get()
        // The cards this fan cools must be cool and idle: calibration stops the fan.
        let devices = GPUDiscovery(root: root).scan()
        let cooled = Set(fan.inputs.flatMap(\.sensors).compactMap { $0.split(separator: ".").first.map(String.init) })
        var gpus: [GPUDevice] = []
        for gpu in loaded.config.gpus where cooled.contains(gpu.name) {
            let device = try GPUDiscovery.find(gpu.match, in: devices).mapError { CurveFailure("\($0)") }.get()
            gpus.append(device)
            let telemetry = TelemetryReader(root: root).read(device)
            guard let junction = telemetry.junction else { throw CurveFailure("cannot read \(gpu.name)'s junction temperature; calibration needs it") }
            if junction > maxJunction {
                throw CurveFailure("\(gpu.name)'s junction is \(Int(junction)) °C, above \(Int(maxJunction)) °C: let the card cool before the fan is stopped")
            }
            if (telemetry.busy ?? 0) > 20 || (telemetry.power ?? 0) > 80 {
                throw CurveFailure("\(gpu.name) is under load (\(Int(telemetry.busy ?? 0))% busy, \(Int(telemetry.power ?? 0)) W): stop the load first")
            }
        }
        let tachIndices = fan.tach.map { [$0.index] } ?? chip.fanInputs
        let value = (try? root.readInteger(chip.path + "/pwm\(index)").get()) ?? 255
        let mode = (try? root.readInteger(chip.path + "/pwm\(index)_enable").get()) ?? 1
        return CalibrationSession(output: HwmonPWMOutput(root: root, chip: chip, index: index),
                                  tachs: tachIndices.map { TachReader(root: root, chip: chip, index: $0) },
                                  originalValue: value, originalMode: mode, root: root, gpus: gpus)
    }

    /// Puts the header back as it was.
    func restore() {
        _ = root.write("\(originalValue)", to: output.valuePath)
        _ = root.write("\(originalMode)", to: output.enablePath)
    }

    /// Finds the stop and start duty, waiting at each step for the tach to settle (at most
    /// `settle` seconds), then measures the thermal table if asked.
    func calibrate(settle: Double, tolerance: Double, step: Double, thermal: (window: Double, load: String?)?) async throws -> CalibrationResult {
        try output.takeControl()
        progress("calibrating \(output.identity)")
        let output = self.output, tachs = self.tachs
        let procedure = FanCalibration(
            tachs: tachs.map(\.index),
            setDuty: { duty in try output.write(duty) },
            readRPM: { Dictionary(uniqueKeysWithValues: tachs.compactMap { tach in (try? tach.rpm().get()).map { (tach.index, $0) } }) },
            wait: { seconds in try await Task.sleep(for: .milliseconds(Int(seconds * 1000))) },
            progress: progress)
        var result = try await procedure.run(step: step, settling: TachSettling(maximum: settle, tolerance: tolerance))
        if let thermal { try await measureThermal(&result, window: thermal.window, loadCommand: thermal.load) }
        return result
    }

    /// Steady junction temperature at falling duties, under load.
    private func measureThermal(_ result: inout CalibrationResult, window: Double, loadCommand: String?) async throws {
        guard let gpu = gpus.first else { return }
        result.junctionLimit = gpu.temperature("junction")?.critical.map { $0.celsius - 20 }
        var load: Process?
        if let loadCommand {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", loadCommand]
            try process.run()
            load = process
        }
        defer { if let load, load.isRunning { load.terminate() } }
        let reader = SysfsSensorReader(root: root)
        let floor = result.recommendedMinimum?.fraction ?? 0.3
        progress("thermal: steady junction under load (a window of \(Int(window)) s must hold within 1 °C)")
        for fraction in stride(from: 1.0, through: floor - 1e-9, by: -0.2) {
            try output.write(Duty(fraction: fraction))
            var previous = try reader.read(.junction, of: gpu).get()
            var rounds = 0
            while true {
                try await Task.sleep(for: .milliseconds(Int(window * 1000)))
                let now = try reader.read(.junction, of: gpu).get()
                rounds += 1
                if abs(now - previous) <= 1 || rounds >= 5 {
                    result.thermal.append((Duty(fraction: fraction), now))
                    progress("  \(Duty(fraction: fraction))".padding(toLength: 9, withPad: " ", startingAt: 0) + String(format: "%.0f °C", now))
                    break
                }
                previous = now
            }
            if let limit = result.junctionLimit, previous > limit + 10 { break }   // hot enough: stop going lower
        }
    }
}

/// Prints a line at once, even into a pipe (calibration is followed as it goes).
private func progress(_ line: String) {
    print(line)
    fflush(nil)
}
