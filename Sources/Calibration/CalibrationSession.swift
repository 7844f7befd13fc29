import FanControl
import Hardware
import Foundation

/// Why a calibration is refused: the card is hot or busy, or the fan has no header to step.
public struct CalibrationRefusal: Error, CustomStringConvertible {
    public let description: String
    /// A refusal saying what is wrong and what to do.
    public init(_ message: String) { description = message }
}

/// One calibration: the header, its tachs, and what to put back.
public final class CalibrationSession: @unchecked Sendable {
    /// The header being calibrated.
    public let output: HwmonPWMOutput
    /// The tachs that may follow it.
    public let tachs: [TachReader]
    /// The header's value and mode before calibration, put back at the end.
    public let originalValue: Int
    public let originalMode: Int
    /// The cards the fan cools.
    public let gpus: [GPUDevice]
    let root: SysfsRoot
    private let progress: @Sendable (String) -> Void

    private init(output: HwmonPWMOutput, tachs: [TachReader], originalValue: Int, originalMode: Int, root: SysfsRoot, gpus: [GPUDevice],
                 progress: @escaping @Sendable (String) -> Void) {
        self.progress = progress
        self.output = output
        self.tachs = tachs
        self.originalValue = originalValue
        self.originalMode = originalMode
        self.root = root
        self.gpus = gpus
    }

    /// Checks that calibrating `fan` of `config` is safe now (every card it cools cool and
    /// idle: calibration stops the fan) and finds its header. `progress` hears each step.
    public static func prepare(root: SysfsRoot, config: Config, fan: FanConfig, maxJunction: Double,
                               progress: @escaping @Sendable (String) -> Void) throws(CalibrationRefusal) -> CalibrationSession {
        guard case .hwmon(let chipName, let device, let index) = fan.output else {
            throw CalibrationRefusal("fan `\(fan.name)` is on \(fan.output): only motherboard PWM headers with a tach can be calibrated")
        }
        let chip = try HwmonDiscovery.find(name: chipName, device: device, in: HwmonDiscovery(root: root).scan()).mapError { CalibrationRefusal($0.message(detect: root.suggestion("detect"))) }.get()
        // The cards this fan cools must be cool and idle: calibration stops the fan.
        let devices = GPUDiscovery(root: root).scan()
        let cooled = Set(fan.inputs.flatMap(\.sensors).compactMap { $0.split(separator: ".").first.map(String.init) })
        var gpus: [GPUDevice] = []
        for gpu in config.gpus where cooled.contains(gpu.name) {
            let device = try GPUDiscovery.find(gpu.match, in: devices).mapError { CalibrationRefusal($0.message(detect: root.suggestion("detect"))) }.get()
            gpus.append(device)
            let telemetry = TelemetryReader(root: root).read(device)
            guard let junction = telemetry.junction else { throw CalibrationRefusal("cannot read \(gpu.name)'s junction temperature; calibration needs it") }
            if junction > maxJunction {
                throw CalibrationRefusal("\(gpu.name)'s junction is \(Int(junction)) °C, above \(Int(maxJunction)) °C: let the card cool before the fan is stopped")
            }
            if (telemetry.busy ?? 0) > 20 || (telemetry.power ?? 0) > 80 {
                throw CalibrationRefusal("\(gpu.name) is under load (\(Int(telemetry.busy ?? 0))% busy, \(Int(telemetry.power ?? 0)) W): stop the load first")
            }
        }
        let tachIndices = fan.tach.map { [$0.index] } ?? chip.fanInputs
        let value = (try? root.readInteger(chip.path + "/pwm\(index)").get()) ?? 255
        let mode = (try? root.readInteger(chip.path + "/pwm\(index)_enable").get()) ?? 1
        return CalibrationSession(output: HwmonPWMOutput(root: root, chip: chip, index: index),
                                  tachs: tachIndices.map { TachReader(root: root, chip: chip, index: $0) },
                                  originalValue: value, originalMode: mode, root: root, gpus: gpus, progress: progress)
    }

    /// Puts the header back as it was.
    public func restore() {
        _ = root.write("\(originalValue)", to: output.valuePath)
        _ = root.write("\(originalMode)", to: output.enablePath)
    }

    /// Finds the stop and start duty, waiting at each step for the tach to settle (at most
    /// `settle` seconds), then measures the thermal table if asked.
    /// `thermal.load` starts the load the thermal table is measured under (this library starts
    /// no processes); it is stopped when the table is done, on an error and on cancellation.
    public func calibrate(settle: Double, tolerance: Double, step: Double,
                          thermal: (window: Double, load: (@Sendable () async throws -> any CalibrationLoad)?)?) async throws -> CalibrationResult {
        try output.takeControl()
        progress("calibrating \(output.identity)")
        let output = self.output, tachs = self.tachs
        let procedure = FanCalibration(
            tachs: tachs.map(\.index),
            setDuty: { duty in try output.write(duty) },
            readRPM: { Dictionary(uniqueKeysWithValues: tachs.compactMap { tach in (try? tach.rpm().get()).map { (tach.index, $0) } }) },
            wait: { seconds in try await Task.sleep(for: .milliseconds(Int(seconds * 1000))) },
            progress: { [progress] in progress($0) })
        var result = try await procedure.run(step: step, settling: TachSettling(maximum: settle, tolerance: tolerance))
        if let thermal {
            let load = try await thermal.load?()
            do {
                try await measureThermal(&result, window: thermal.window)
            } catch {
                _ = await load?.stop()
                throw error
            }
            _ = await load?.stop()
        }
        return result
    }

    /// Steady junction temperature at falling duties, under load.
    private func measureThermal(_ result: inout CalibrationResult, window: Double) async throws {
        guard let gpu = gpus.first else { return }
        result.junctionLimit = gpu.temperature("junction")?.critical.map { $0.celsius - 20 }
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
