import FanControl
import Synchronization

/// A motherboard PWM header: `pwmN` of a Super I/O hwmon chip.
///
/// Taking control saves `pwmN_enable` and sets 1 (manual); release writes the saved mode
/// back, or full speed when the saved mode was already manual (nothing else would then run it).
public final class HwmonPWMOutput: FanOutput {
    /// The chip.
    public let chip: HwmonChip
    /// N of `pwmN`.
    public let index: Int
    private let root: SysfsRoot
    private let state = Mutex(State())

    private struct State {
        var savedMode: Int?
        var lastWritten: Int?
        var maximum: Int?
        var claim: OutputClaim?
    }

    private let enableHandle: AttributeHandle
    private let valueHandle: AttributeHandle

    /// The mode `pwmN_enable` had before control was taken (nil before).
    public var savedMode: Int? { state.withLock { $0.savedMode } }

    /// The raw value last written.
    public var lastWritten: Int? { state.withLock { $0.lastWritten } }

    /// Creates an output; nothing is written until ``takeControl()``.
    public init(root: SysfsRoot, chip: HwmonChip, index: Int) {
        self.root = root
        self.chip = chip
        self.index = index
        enableHandle = AttributeHandle(path: chip.path + "/pwm\(index)_enable", root: root)
        valueHandle = AttributeHandle(path: chip.path + "/pwm\(index)", root: root)
    }

    public var identity: String { "\(chip.identity) pwm\(index)" }

    /// `pwmN`.
    public var valuePath: String { chip.path + "/pwm\(index)" }
    /// `pwmN_enable`.
    public var enablePath: String { chip.path + "/pwm\(index)_enable" }

    /// The full-scale value (`pwmN_max` where the chip has it, else 255), read once.
    public var maximum: Int {
        if let known = state.withLock({ $0.maximum }) { return known }
        var value = 255
        if case .success(let found) = root.readInteger(chip.path + "/pwm\(index)_max"), found > 0 { value = found }
        state.withLock { $0.maximum = value }
        return value
    }

    /// Takes the header: claims it (one controller per header), saves the firmware's mode the
    /// first time, and sets manual mode. Calling it again while held changes nothing but the
    /// mode, so retaking after resume or a reload keeps the mode saved first.
    public func takeControl() throws(OutputError) {
        if state.withLock({ $0.claim == nil }) {
            let claim = try OutputClaim(path: valuePath, root: root)
            state.withLock { $0.claim = claim }
        }
        let mode: Int
        switch enableHandle.readInteger() {
        case .success(let value): mode = value
        case .failure(let error): throw .io(error)
        }
        state.withLock { if $0.savedMode == nil { $0.savedMode = mode } }
        if mode == 1 { return }
        try reassertManual()
        if case .success(let after) = enableHandle.readInteger(), after != 1 {
            throw .manualRefused(path: root.displayPath(enablePath), mode: after)
        }
    }

    /// Takes control again when something flipped the mode back (firmware on resume).
    public func reassertManual() throws(OutputError) {
        if case .failure(let error) = enableHandle.writeInteger(1) { throw .io(error) }
    }

    public func write(_ duty: Duty) throws(OutputError) {
        let raw = duty.raw(maximum: maximum)
        if case .failure(let error) = valueHandle.writeInteger(raw) { throw .io(error) }
        state.withLock { $0.lastWritten = raw }
    }

    public func check() -> OutputCheck {
        switch enableHandle.readInteger() {
        case .failure(let error): return .unreadable(error)
        case .success(let mode) where mode != 1: return .modeChanged(mode)
        default: break
        }
        switch valueHandle.readInteger() {
        case .failure(let error): return .unreadable(error)
        case .success(let value):
            // Some chips store fewer bits than 0...255 and read back a value a step away.
            if let written = lastWritten, abs(value - written) > 2 { return .valueChanged(value) }
            return .ok
        }
    }

    public func release() throws(OutputError) {
        defer { state.withLock { $0.claim = nil } }
        let saved = savedMode
        if let saved, saved != 1 {
            if case .failure(let error) = enableHandle.writeInteger(saved) { throw .io(error) }
        } else {
            if case .failure(let error) = valueHandle.writeInteger(maximum) {
                try fallBackToFullSpeed(after: error)
            }
        }
    }

    /// Drops the claim without writing (the header is being found again).
    public func forget() { state.withLock { $0.claim = nil } }

    /// Full speed without the daemon (`mi50fan release`): manual mode at full scale or, with
    /// `restoreFirmware` and a saved mode other than manual, that mode. A header whose value
    /// cannot be written goes to `pwmN_enable = 0`, which the hwmon ABI defines as full speed.
    /// Returns what was done, in words.
    public func makeSafe(restoreFirmware: Bool) throws(OutputError) -> String {
        if restoreFirmware, let saved = savedMode, saved != 1 {
            if case .failure(let error) = enableHandle.writeInteger(saved) { throw .io(error) }
            return "back to mode \(saved) (the firmware's control)"
        }
        let manual = enableHandle.writeInteger(1)
        let value = valueHandle.writeInteger(maximum)
        if case .failure(let error) = manual.flatMap({ value }) {
            try fallBackToFullSpeed(after: error)
            return "full speed (pwm_enable 0: the value could not be written)"
        }
        return restoreFirmware ? "full speed (no firmware mode recorded)" : "full speed"
    }

    /// After a failed write: `pwmN_enable = 0` (no control, full speed, in the hwmon ABI), where
    /// the driver accepts it. Throws the original error when it does not.
    public func fallBackToFullSpeed(after error: SysfsError) throws(OutputError) {
        if case .failure = enableHandle.writeInteger(0) { throw .io(error) }
    }

    /// Sets the mode to give back on release (from an earlier run or before a reload), so
    /// that taking control of an already-manual header does not lose the firmware's mode.
    public func presetSavedMode(_ mode: Int) {
        state.withLock { $0.savedMode = mode }
    }

    /// Gives the header back to `mode` (a mode saved by an earlier run), or full speed.
    public func restore(mode: Int?) throws(OutputError) {
        state.withLock { $0.savedMode = mode }
        try release()
    }
}
