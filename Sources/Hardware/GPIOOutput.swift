import FanControl
import GPIOShim
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A fan switched by a GPIO line through a MOSFET, via libgpiod (1.6 or 2.x).
///
/// Without a PWM frequency the fan is on whenever the duty is above 0 (pair it with a step
/// curve for on/off hysteresis). With one, a background thread runs a slow software PWM.
/// The line is requested at the safe level (on) and left on when released.
public final class GPIOOutput: FanOutput {
    /// The chip.
    public let chip: GPIOChipInfo
    /// The line offset.
    public let line: Int
    /// Whether the line is low while the fan runs.
    public let activeLow: Bool
    /// Software PWM schedule, if any.
    public let schedule: SoftwarePWMSchedule?

    private let handle = Mutex<LineHandle?>(nil)
    private let duty = Mutex(Duty.full)
    private let running = Atomic<Bool>(false)
    private let lastLevel = Mutex<Bool?>(nil)
    private let pwmThread = Mutex<ThreadRunner?>(nil)

    /// Creates an output; nothing is requested until ``takeControl()``.
    public init(chip: GPIOChipInfo, line: Int, activeLow: Bool, pwmFrequency: Double?) {
        self.chip = chip
        self.line = line
        self.activeLow = activeLow
        self.schedule = pwmFrequency.map { SoftwarePWMSchedule(frequency: $0) }
    }

    deinit {
        stopPWMThread()
        handle.withLock { if let line = $0 { mi50fan_gpio_close(line.pointer); $0 = nil } }
    }

    public var identity: String { "GPIO \(chip.label) (\(chip.name)) line \(line)" }

    /// Requests the line at the safe level (on). Calling it again while the line is held
    /// (after resume, across a reload) keeps the request: asking the kernel again would only
    /// answer EBUSY, since this process holds the line.
    public func takeControl() throws(OutputError) {
        if handle.withLock({ $0 != nil }) {
            if schedule == nil { try set(on: duty.withLock { $0 } > .off) }
            return
        }
        let opened = mi50fan_gpio_open_output(chip.devicePath, UInt32(line), physical(on: true) ? 1 : 0, "mi50fan")
        guard let opened else { throw .gpio(chip: chip.name, line: line, errno: errno) }
        handle.withLock { $0 = LineHandle(pointer: opened) }
        lastLevel.withLock { $0 = true }
        if schedule != nil { startPWMThread() }
    }

    public func write(_ newDuty: Duty) throws(OutputError) {
        duty.withLock { $0 = newDuty }
        if schedule == nil { try set(on: newDuty > .off) }
    }

    /// Whether the fan is on now (the logical level, after `active_low`).
    public func isOn() -> Bool? {
        handle.withLock { line -> Bool? in
            guard let line else { return nil }
            let value = mi50fan_gpio_get(line.pointer)
            return value < 0 ? nil : (value == 1) != activeLow
        }
    }

    public func check() -> OutputCheck {
        guard schedule == nil, let expected = lastLevel.withLock({ $0 }), let actual = isOn() else { return .ok }
        return actual == expected ? .ok : .valueChanged(actual ? 1 : 0)
    }

    /// Stops the software PWM (its thread is joined, so no write of its can land after this),
    /// leaves the line on and gives it back.
    public func release() throws(OutputError) {
        stopPWMThread()
        try set(on: true)
        handle.withLock { line in
            if let line { mi50fan_gpio_close(line.pointer) }
            line = nil
        }
    }

    private func physical(on: Bool) -> Bool { on != activeLow }

    private func set(on: Bool) throws(OutputError) {
        let status = handle.withLock { line -> Int32 in
            guard let line else { return -2 }
            return mi50fan_gpio_set(line.pointer, physical(on: on) ? 1 : 0) < 0 ? errno : 0
        }
        if status == -2 { throw .gpio(chip: chip.name, line: line, errno: EBADF) }
        if status != 0 { throw .gpio(chip: chip.name, line: line, errno: status) }
        lastLevel.withLock { $0 = on }
    }

    private func stopPWMThread() {
        running.store(false, ordering: .sequentiallyConsistent)
        pwmThread.withLock { $0 }?.join()
        pwmThread.withLock { $0 = nil }
    }

    private func startPWMThread() {
        guard let schedule else { return }
        running.store(true, ordering: .sequentiallyConsistent)
        let output = self
        let thread = ThreadRunner {
            while output.running.load(ordering: .relaxed) {
                let now = monotonicSeconds()
                let (on, next) = schedule.level(at: now, duty: output.duty.withLock { $0 })
                try? output.set(on: on)
                sleepSeconds(min(next, schedule.period))
            }
        }
        thread.start()
        pwmThread.withLock { $0 = thread }
    }
}

/// A libgpiod line pointer that may cross threads under the output's lock.
struct LineHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// Seconds on the monotonic clock (stops while the machine sleeps).
public func monotonicSeconds() -> Double { clockSeconds(CLOCK_MONOTONIC) }

/// Seconds on a kernel clock: CLOCK_MONOTONIC stops during suspend, CLOCK_BOOTTIME does not.
public func clockSeconds(_ id: clockid_t) -> Double {
    var spec = timespec()
    clock_gettime(id, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Blocks the calling (dedicated) thread.
func sleepSeconds(_ seconds: Double) {
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}

/// A POSIX thread running a closure (the software PWM needs a real thread: a 25 Hz square
/// wave cannot wait for a cooperative task pool), joined by ``join()``.
final class ThreadRunner: Sendable {
    private let body: @Sendable () -> Void
    private let thread = Mutex<pthread_t?>(nil)

    init(_ body: @escaping @Sendable () -> Void) { self.body = body }

    func start() {
        let box = Unmanaged.passRetained(self).toOpaque()
        var created = pthread_t()
        let status = pthread_create(&created, nil, { pointer in
            let runner = Unmanaged<ThreadRunner>.fromOpaque(pointer!).takeRetainedValue()
            runner.body()
            return nil
        }, box)
        if status == 0 { thread.withLock { $0 = created } } else { Unmanaged<ThreadRunner>.fromOpaque(box).release() }
    }

    /// Waits for the body to return (the caller must have told it to stop). Once only.
    func join() {
        guard let running = thread.withLock({ value -> pthread_t? in defer { value = nil }; return value }) else { return }
        if pthread_equal(running, pthread_self()) == 0 { pthread_join(running, nil) }
    }
}
