import FanControl
import Synchronization

/// A sysfs PWM-class channel (`pwmchipN/pwmM`): export, period, duty_cycle, enable.
/// Released at full duty (the safe level for a fan).
public final class PWMClassOutput: FanOutput {
    /// The chip.
    public let chip: PWMChipInfo
    /// The channel M.
    public let channel: Int
    /// The period in nanoseconds.
    public let periodNanoseconds: Int
    private let root: SysfsRoot
    private let lastDutyNanoseconds = Mutex<Int?>(nil)
    private let claim = Mutex<OutputClaim?>(nil)
    /// `duty_cycle` and `enable`, kept open for the per-tick write and check.
    private let dutyHandle: AttributeHandle
    private let enableHandle: AttributeHandle

    /// Creates an output; nothing is written until ``takeControl()``.
    public init(root: SysfsRoot, chip: PWMChipInfo, channel: Int, period: TimeSpan) {
        self.root = root
        self.chip = chip
        self.channel = channel
        self.periodNanoseconds = max(1, Int((period.seconds * 1e9).rounded()))
        dutyHandle = AttributeHandle(path: chip.path + "/pwm\(channel)/duty_cycle", root: root)
        enableHandle = AttributeHandle(path: chip.path + "/pwm\(channel)/enable", root: root)
    }

    public var identity: String { "PWM \(chip.device) (\(chip.name)) channel \(channel)" }

    /// `pwmchipN/pwmM`.
    public var channelPath: String { chip.path + "/pwm\(channel)" }

    /// Exports the channel if needed, claims it (one controller per channel), and sets the
    /// period, full duty and enable. Calling it again while held only sets them again.
    public func takeControl() throws(OutputError) {
        if !root.exists(channelPath) {
            if case .failure(let error) = root.write("\(channel)", to: chip.path + "/export") { throw .io(error) }
        }
        if claim.withLock({ $0 == nil }) {
            let taken = try OutputClaim(path: channelPath, root: root)
            claim.withLock { $0 = taken }
        }
        // duty_cycle must not exceed the period at any moment: set it first when shrinking.
        _ = root.write("0", to: channelPath + "/duty_cycle")
        try writeAttribute("period", periodNanoseconds)
        try writeAttribute("duty_cycle", periodNanoseconds)
        try writeAttribute("enable", 1)
    }

    public func write(_ duty: Duty) throws(OutputError) {
        let nanoseconds = Int((duty.fraction * Double(periodNanoseconds)).rounded())
        if case .failure(let error) = dutyHandle.writeInteger(nanoseconds) { throw .io(error) }
        lastDutyNanoseconds.withLock { $0 = nanoseconds }
    }

    public func check() -> OutputCheck {
        switch enableHandle.readInteger() {
        case .failure(let error): return .unreadable(error)
        case .success(let enabled) where enabled != 1: return .modeChanged(enabled)
        default: break
        }
        guard let expected = lastDutyNanoseconds.withLock({ $0 }) else { return .ok }
        switch dutyHandle.readInteger() {
        case .failure(let error): return .unreadable(error)
        case .success(let value): return value == expected ? .ok : .valueChanged(value)
        }
    }

    public func release() throws(OutputError) {
        defer { forget() }
        try writeAttribute("duty_cycle", periodNanoseconds)
        try writeAttribute("enable", 1)
    }

    /// Drops the claim without writing (the channel is being found again).
    public func forget() { claim.withLock { $0 = nil } }

    /// Full duty without the daemon (`mi50fan release`): at the channel's current period,
    /// which the daemon set and release does not know.
    public func makeSafe() throws(OutputError) -> String {
        let period: Int
        switch root.readInteger(channelPath + "/period") {
        case .success(let value) where value > 0: period = value
        case .success: period = periodNanoseconds
        case .failure(let error): throw .io(error)
        }
        try writeAttribute("duty_cycle", period)
        try writeAttribute("enable", 1)
        return "full duty"
    }

    private func writeAttribute(_ name: String, _ value: Int) throws(OutputError) {
        if case .failure(let error) = root.write("\(value)", to: channelPath + "/" + name) { throw .io(error) }
    }
}
