import ConfigReading
import FanControl
import Glibc
import JSONText
import Hardware

/// One output the service holds, by stable identity: what `mi50fan release` needs to put it
/// in a safe state after a crash, SIGKILL or a watchdog kill, when the daemon could not.
///
/// No path is recorded. Release finds the output again the way the daemon does (an hwmon
/// chip by `name` and device, a GPIO chip by label, a PWM chip by device) under the root it
/// is given, so a renumbered `hwmonN` does not matter and a forged record cannot point a
/// root-run release at any other file.
public struct OutputRecord: Codable, Sendable, Equatable {
    /// What drives the fan.
    public enum Kind: String, Codable, Sendable { case hwmon, gpio, pwm }

    /// The output's kind.
    public var kind: Kind
    /// The fan's name in the config, for messages.
    public var fan: String
    /// hwmon: the chip's `name`; gpio: the chip's label; pwm: the chip's device.
    public var chip: String
    /// hwmon: the chip's device below `/sys/devices` (`platform/nct6775.656`).
    public var device: String?
    /// hwmon: N of `pwmN`; gpio: the line; pwm: the channel.
    public var index: Int
    /// hwmon: `pwmN_enable` before the service took the header (absent: unknown).
    public var savedMode: Int?
    /// gpio: the line is low while the fan runs.
    public var activeLow: Bool?

    /// Creates a record.
    public init(kind: Kind, fan: String, chip: String, device: String? = nil, index: Int, savedMode: Int? = nil, activeLow: Bool? = nil) {
        self.kind = kind
        self.fan = fan
        self.chip = chip
        self.device = device
        self.index = index
        self.savedMode = savedMode
        self.activeLow = activeLow
    }

    /// The record of a fan's output as found on the machine (the chip's actual device, the
    /// saved mode), or `nil` for an output type release does not know.
    static func make(fan: String, output: any FanOutput) -> OutputRecord? {
        switch output {
        case let header as HwmonPWMOutput:
            return OutputRecord(kind: .hwmon, fan: fan, chip: header.chip.name, device: header.chip.device,
                                index: header.index, savedMode: header.savedMode)
        case let gpio as GPIOOutput:
            return OutputRecord(kind: .gpio, fan: fan, chip: gpio.chip.label, index: gpio.line, activeLow: gpio.activeLow)
        case let pwm as PWMClassOutput:
            return OutputRecord(kind: .pwm, fan: fan, chip: pwm.chip.device, index: pwm.channel)
        default:
            return nil
        }
    }

    /// The record of a configured output that may never have been found (release without a
    /// record): no saved mode, so release sets full speed.
    public static func configured(_ fan: FanConfig) -> OutputRecord {
        switch fan.output {
        case .hwmon(let chip, let device, let index):
            return OutputRecord(kind: .hwmon, fan: fan.name, chip: chip, device: device, index: index)
        case .gpio(let gpio):
            return OutputRecord(kind: .gpio, fan: fan.name, chip: gpio.chip, index: gpio.line, activeLow: gpio.activeLow)
        case .pwmClass(let chip, let channel, _):
            return OutputRecord(kind: .pwm, fan: fan.name, chip: chip, index: channel)
        }
    }

    /// The output as a config names it, to be found again by ``DeviceResolver``.
    var outputConfig: FanOutputConfig {
        switch kind {
        case .hwmon: return .hwmon(chip: chip, device: device, index: index)
        case .gpio: return .gpio(GPIOOutputConfig(chip: chip, line: index, activeLow: activeLow ?? false, pwmFrequency: nil))
        case .pwm: return .pwmClass(chip: chip, channel: index, period: TimeSpan(seconds: 0.00004))
        }
    }

    /// The identity the daemon's outputs give themselves (`nct6798 (platform/nct6775.656) pwm2`).
    var outputIdentity: String {
        switch kind {
        case .hwmon: return "\(chip)\(device.map { " (\($0))" } ?? "") pwm\(index)"
        case .gpio: return "GPIO \(chip) line \(index)"
        case .pwm: return "PWM \(chip) channel \(index)"
        }
    }

    /// A stable key for the physical output: two records with one key are one header.
    public var key: String { "\(kind.rawValue):\(chip):\(device ?? ""):\(index)" }

    /// In words, for messages.
    public var summary: String {
        switch kind {
        case .hwmon: return "fan \(fan): \(chip)\(device.map { " (\($0))" } ?? "") pwm\(index)"
        case .gpio: return "fan \(fan): GPIO \(chip) line \(index)"
        case .pwm: return "fan \(fan): PWM \(chip) channel \(index)"
        }
    }
}

/// The state directory's record of the outputs the service holds.
public struct OutputState: Codable, Sendable, Equatable {
    /// The daemon's pid.
    public var pid: Int32
    /// The outputs.
    public var outputs: [OutputRecord]

    /// Creates a record.
    public init(pid: Int32, outputs: [OutputRecord]) {
        self.pid = pid
        self.outputs = outputs
    }

    /// The file in `directory`.
    public static func path(in directory: String) -> String { directory + "/outputs.json" }

    /// Reads the record, if there is a readable one. A record larger than any real one, or
    /// one behind a symbolic link, is not read.
    public static func read(from directory: String) -> OutputState? {
        let descriptor = open(path(in: directory), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 65_536)
        let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0, count < bytes.count else { return nil }
        return try? JSONValueDecoder().decode(OutputState.self, from: Array(bytes[0..<count]))
    }

    /// Writes the record atomically, flushed to disk before the daemon reports READY.
    public func write(to directory: String) throws(AtomicFile.WriteError) {
        try AtomicFile.write((try? JSONWriter.encode(self)) ?? "\n", to: Self.path(in: directory))
    }

    /// Removes the record (the daemon gave everything back itself).
    public static func remove(from directory: String) { unlink(path(in: directory)) }
}
