import FanControl

/// A place a fan's duty can be written: an hwmon PWM header, a GPIO line, a sysfs PWM channel.
public protocol FanOutput: AnyObject, Sendable {
    /// A stable description for logs and status (`nct6798 (platform/nct6775.656) pwm2`).
    var identity: String { get }
    /// Takes the output over from firmware (saving what it had) so that writes stick.
    func takeControl() throws(OutputError)
    /// Writes a duty.
    func write(_ duty: Duty) throws(OutputError)
    /// Reads the output back: whether something else (BIOS, another daemon, resume from
    /// suspend) changed the mode or the value since the last write.
    func check() -> OutputCheck
    /// Gives the output back: the mode it had before, or full speed when that was manual.
    func release() throws(OutputError)
    /// Lets go of the output's claim without writing anything (it is about to be found again).
    func forget()
}

extension FanOutput {
    /// Outputs without a claim have nothing to let go of.
    public func forget() {}
}

/// What reading an output back found.
public enum OutputCheck: Sendable, Hashable, CustomStringConvertible {
    /// As written.
    case ok
    /// The control mode is no longer manual (firmware took it back); holds the mode found.
    case modeChanged(Int)
    /// The value differs from what was written; holds the value found.
    case valueChanged(Int)
    /// The output could not be read back.
    case unreadable(SysfsError)

    public var description: String {
        switch self {
        case .ok: return "ok"
        case .modeChanged(let mode): return "control mode changed to \(mode) (not manual)"
        case .valueChanged(let value): return "value changed to \(value)"
        case .unreadable(let error): return "unreadable: \(error)"
        }
    }
}

/// Why an output could not be driven, with what to do.
public enum OutputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A sysfs write or read failed.
    case io(SysfsError)
    /// The chip would not switch to manual control.
    case manualRefused(path: String, mode: Int)
    /// A GPIO call failed with this errno.
    case gpio(chip: String, line: Int, errno: Int32)
    /// Another process holds the output's claim (another mi50fan, perhaps with another config).
    case claimed(path: String)

    public var description: String {
        switch self {
        case .io(.failed(let path, 13)), .io(.failed(let path, 1)):
            return "\(path): permission denied; run as root or install the udev rules (docs/install.md)"
        case .io(.failed(let path, 16)):
            return "\(path): device busy; another fan daemon (fancontrol, fan2go) may hold it"
        case .io(let error): return error.description
        case .manualRefused(let path, let mode):
            return "\(path) stays at mode \(mode) after writing 1 (manual); the chip or its driver refuses manual control"
        case .claimed(let path):
            return "\(path) is held by another mi50fan; one output, one controller: stop the other instance or remove the fan from one config"
        case .gpio(let chip, let line, let errno):
            return "GPIO \(chip) line \(line): \(errnoDescription(errno)); check the chip and line with `gpioinfo`, and permissions on /dev/gpiochip*"
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

func errnoDescription(_ code: Int32) -> String { String(cString: strerror(code)) }
