import ConfigReading
import FanControl
import Hardware

/// What `mi50fan release` does (systemd's `ExecStopPost`, `make uninstall`, or by hand): puts
/// the outputs the service held in a safe state when the service could not.
///
/// Each output is found again by its stable identity under the root, the way the daemon
/// finds it, and only its own attributes are written: a header's `pwmN`/`pwmN_enable`, a GPIO
/// line, a PWM channel's `duty_cycle`/`enable`. Nothing in the record is a path.
public enum OutputRelease {
    /// Which outputs to release, and why.
    public enum Plan: Sendable, Equatable {
        /// Nothing to do, and why.
        case nothing(String)
        /// The state directory cannot be trusted; nothing is done.
        case refused(String)
        /// These outputs, from the record or, when there is none, from the config.
        case release([OutputRecord], fromConfig: Bool)
    }

    /// Decides what to release. `serviceResult` is systemd's `$SERVICE_RESULT` for
    /// `ExecStopPost` (`success` after a clean stop, when the daemon gave the fans back
    /// itself). Without a record, a service that did not stop cleanly may have held outputs
    /// it could not record (a full state directory): then the config names them, and with no
    /// saved mode they go to full speed. `fromConfig` asks for that by hand.
    public static func plan(stateDirectory: String, config: Config?, serviceResult: String?, fromConfig: Bool) -> Plan {
        do { try StateDirectory.check(stateDirectory) } catch { return .refused(error.message) }
        if let pid = InstanceLock.holder(in: stateDirectory) {
            return .nothing("the service is running (pid \(pid)) and holds its outputs; stop it first (`systemctl stop mi50fan`)")
        }
        if !fromConfig, let state = OutputState.read(from: stateDirectory) { return .release(state.outputs, fromConfig: false) }
        // A record that is there but cannot be read (garbled, forged, cut short) says outputs
        // were held without saying which: the config's outputs go to full speed.
        let unreadable = !fromConfig && PathText.exists(OutputState.path(in: stateDirectory))
        let failed = serviceResult.map { $0 != "success" } ?? false
        if fromConfig || failed || unreadable {
            guard let config else {
                return .nothing(unreadable ? "the record in \(stateDirectory) cannot be read and the config cannot either: nothing is known to release"
                                           : "no record in \(stateDirectory) and no readable config: nothing is known to release")
            }
            return .release(config.fans.map(OutputRecord.configured), fromConfig: true)
        }
        return .nothing("nothing to release: no outputs recorded in \(stateDirectory) (the service gave them back, or never held them)")
    }

    /// Puts each output in its safe state under `root`: full speed, or with `restoreFirmware`
    /// the firmware mode saved when the service took the header (full speed where none was
    /// saved). Returns one line per output; a failure names the output and the cause.
    ///
    /// A GPIO line or PWM channel is driven only when `config` names the same line or channel:
    /// a record is written by the service account, and release often runs as root, so a
    /// forged record must not make root switch a line that drives something other than a fan.
    /// A hwmon header's `pwmN` is a fan control wherever it is, and full speed is safe: a header
    /// the record names goes to full speed even when the config no longer names it (the
    /// config may have been edited since the service took it). But a saved firmware mode is
    /// believed only for a header the config names, and only when it is one the hwmon ABI
    /// knows (0-5); otherwise the header goes to full speed, never to a mode the record chose.
    /// `pwmN_enable` values the hwmon ABI and the Super I/O drivers use.
    static let plausibleModes = 0...5

    public static func release(_ records: [OutputRecord], root: SysfsRoot, restoreFirmware: Bool, config: Config?) -> [Result<String, ReleaseFailure>] {
        let resolver = DeviceResolver(root: root)
        let configured = Set((config?.fans ?? []).compactMap { fan -> String? in
            guard case .success(let output) = resolver.output(for: OutputRecord.configured(fan).outputConfig) else { return nil }
            return physicalIdentity(output)
        })
        return records.map { record in
            let output: any FanOutput
            switch resolver.output(for: record.outputConfig) {
            case .success(let found): output = found
            case .failure(let error): return .failure(ReleaseFailure(record: record, reason: "\(error)"))
            }
            if record.kind != .hwmon, let identity = physicalIdentity(output), !configured.contains(identity) {
                return .failure(ReleaseFailure(record: record, reason: "not driven: the config does not name this output, and release switches GPIO lines and PWM channels only where the config names them"))
            }
            do {
                switch output {
                case let header as HwmonPWMOutput:
                    let named = physicalIdentity(output).map(configured.contains) ?? false
                    if named, let mode = record.savedMode, plausibleModes.contains(mode) { header.presetSavedMode(mode) }
                    return .success("\(record.summary): \(try header.makeSafe(restoreFirmware: restoreFirmware && named))")
                case let pwm as PWMClassOutput:
                    return .success("\(record.summary): \(try pwm.makeSafe())")
                default:
                    try output.takeControl()   // a GPIO line is requested at its on level
                    try output.release()
                    return .success("\(record.summary): on")
                }
            } catch {
                return .failure(ReleaseFailure(record: record, reason: "\(error)"))
            }
        }
    }

    /// The physical line or channel a GPIO or PWM-class output drives, `nil` for other outputs.
    private static func physicalIdentity(_ output: any FanOutput) -> String? {
        switch output {
        case let gpio as GPIOOutput: return "gpio:\(gpio.chip.devicePath):\(gpio.line)"
        case let pwm as PWMClassOutput: return "pwm:\(pwm.chip.path):\(pwm.channel)"
        case let header as HwmonPWMOutput: return "hwmon:\(header.chip.path):\(header.index)"
        default: return nil
        }
    }

    /// An output release could not put in a safe state.
    public struct ReleaseFailure: Error, Sendable, CustomStringConvertible {
        /// The output.
        public var record: OutputRecord
        /// Why.
        public var reason: String
        public var description: String { "\(record.summary): \(reason)" }
    }
}
