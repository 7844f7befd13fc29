import ConfigFiles
import FanControl
import Foundation
import GPIOShim
import Hardware

/// What it takes to put an output in a safe state without the daemon: kept in the state
/// directory while the daemon runs, so `mi50fan release` (systemd's `ExecStopPost`) can act
/// after a crash or SIGKILL, when the process could not.
public struct OutputRecord: Codable, Sendable, Equatable {
    /// `hwmon`, `gpio` or `pwm`.
    public var kind: String
    /// The output's identity, for messages.
    public var identity: String
    /// hwmon: `pwmN`; pwm: the channel directory; gpio: the chip's device.
    public var path: String
    /// hwmon: `pwmN_enable`.
    public var enablePath: String?
    /// hwmon: the mode before the daemon took over.
    public var savedMode: Int?
    /// hwmon: full scale; pwm: the period in ns.
    public var maximum: Int?
    /// gpio: the line and polarity.
    public var line: Int?
    public var activeLow: Bool?

    /// The record for an output under control.
    static func make(_ output: any FanOutput) -> OutputRecord? {
        switch output {
        case let header as HwmonPWMOutput:
            return OutputRecord(kind: "hwmon", identity: header.identity, path: header.valuePath, enablePath: header.enablePath,
                                savedMode: header.savedMode, maximum: header.maximum)
        case let gpio as GPIOOutput:
            return OutputRecord(kind: "gpio", identity: gpio.identity, path: gpio.chip.devicePath, line: gpio.line, activeLow: gpio.activeLow)
        case let pwm as PWMClassOutput:
            return OutputRecord(kind: "pwm", identity: pwm.identity, path: pwm.channelPath, maximum: pwm.periodNanoseconds)
        default:
            return nil
        }
    }

    /// Puts the output in its safe state: full speed (manual mode at full scale, GPIO on, PWM
    /// at full duty) or, with `restoreFirmware`, the hwmon mode saved before the daemon took over.
    public func makeSafe(restoreFirmware: Bool) -> Result<String, OutputError> {
        let root = SysfsRoot.system   // paths in the record are complete
        switch kind {
        case "hwmon":
            if restoreFirmware, let mode = savedMode, mode != 1, let enablePath {
                if case .failure(let error) = root.write("\(mode)", to: enablePath) { return .failure(.io(error)) }
                return .success("\(identity): back to mode \(mode) (the firmware's control)")
            }
            if let enablePath, case .failure(let error) = root.write("1", to: enablePath) { return .failure(.io(error)) }
            if case .failure(let error) = root.write("\(maximum ?? 255)", to: path) { return .failure(.io(error)) }
            return .success("\(identity): full speed")
        case "gpio":
            let on = !(activeLow ?? false)
            guard let handle = mi50fan_gpio_open_output(path, UInt32(line ?? 0), on ? 1 : 0, "mi50fan-release") else {
                return .failure(.gpio(chip: path, line: line ?? 0, errno: errno))
            }
            mi50fan_gpio_close(handle)
            return .success("\(identity): on")
        default:
            if case .failure(let error) = root.write("\(maximum ?? 0)", to: path + "/duty_cycle") { return .failure(.io(error)) }
            _ = root.write("1", to: path + "/enable")
            return .success("\(identity): full duty")
        }
    }
}

/// The state directory's record of outputs under control.
public struct OutputState: Codable, Sendable {
    /// The daemon's pid.
    public var pid: Int32
    /// The outputs.
    public var outputs: [OutputRecord]

    /// The file in `directory`.
    public static func path(in directory: String) -> String { directory + "/outputs.json" }

    /// Reads the record, if there is one.
    public static func read(from directory: String) -> OutputState? {
        guard let data = FileManager.default.contents(atPath: path(in: directory)) else { return nil }
        return try? JSONDecoder().decode(OutputState.self, from: data)
    }

    /// Writes the record atomically.
    public func write(to directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(String(decoding: try encoder.encode(self), as: UTF8.self) + "\n", to: Self.path(in: directory))
    }

    /// Removes the record (the daemon gave everything back itself).
    public static func remove(from directory: String) { unlink(path(in: directory)) }
}

extension ControlLoop {
    /// Records for every output under control.
    public var outputRecords: [OutputRecord] { outputs.compactMap(OutputRecord.make) }
}
