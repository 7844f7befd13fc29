import Glibc
import FanControl

/// The procedure `mi50fan calibrate` runs on one header (what pwmconfig does): full speed,
/// then down in steps until the fan stops, then up from standstill until it starts. After
/// every duty change it waits for the tach to settle (``TachSettling``) rather than a fixed
/// time, so a fan that spins down slowly is not taken for one that stopped, nor a coasting
/// one for one that runs. The header, the tachs and the clock are passed in.
public struct FanCalibration {
    /// The tachs that may follow the header (`N` of `fanN_input`).
    public var tachs: [Int]
    /// Sets the header's duty.
    public var setDuty: (Duty) throws -> Void
    /// Reads every tach; an unreadable one is left out.
    public var readRPM: () -> [Int: Int]
    /// Waits this many seconds.
    public var wait: (Double) async throws -> Void
    /// Reports a line of progress.
    public var progress: (String) -> Void

    /// Creates the procedure.
    public init(tachs: [Int], setDuty: @escaping (Duty) throws -> Void, readRPM: @escaping () -> [Int: Int],
                wait: @escaping (Double) async throws -> Void, progress: @escaping (String) -> Void = { _ in }) {
        self.tachs = tachs
        self.setDuty = setDuty
        self.readRPM = readRPM
        self.wait = wait
        self.progress = progress
    }

    /// Steps the duty down from full speed by `step` (a fraction) until the fan stops, then up
    /// from standstill until it starts.
    public func run(step: Double, settling: TachSettling) async throws -> CalibrationResult {
        var result = CalibrationResult(stepSize: step)
        progress("calibrating: full speed first")
        let full = try await set(.full, settling: settling, watching: nil, result: &result)
        result.steps.append((.full, full))
        progress("stepping down")
        var duty = 1.0 - step
        var followed: Int?
        var lastRunning = Duty.full
        while duty > -1e-9 {
            let known = followed ?? (tachs.count == 1 ? tachs[0] : nil)
            let rpm = try await set(Duty(fraction: duty), settling: settling, watching: known, result: &result)
            result.steps.append((Duty(fraction: duty), rpm))
            if followed == nil, duty <= 0.6 {
                followed = full.keys.max { (full[$0] ?? 0) - (rpm[$0] ?? 0) < (full[$1] ?? 0) - (rpm[$1] ?? 0) }
                if let index = followed, (full[index] ?? 0) - (rpm[index] ?? 0) < 100 { followed = nil }
            }
            progress("  \(Duty(fraction: duty))".padding(to: 9) + rpm.sorted { $0.key < $1.key }.map { "fan\($0.key) \($0.value) RPM" }.joined(separator: "  "))
            if let index = followed ?? (tachs.count == 1 ? tachs[0] : nil) {
                if (rpm[index] ?? 0) == 0 {
                    result.stopDuty = lastRunning
                    break
                }
                lastRunning = Duty(fraction: duty)
            }
            duty -= step
        }
        result.tach = followed ?? (tachs.count == 1 ? tachs[0] : nil)
        if let index = result.tach, result.stopDuty != nil {
            progress("stepping up from standstill")
            _ = try await set(.off, settling: settling, watching: index, result: &result)
            var up = step
            while up <= 1 + 1e-9 {
                let rpm = try await set(Duty(fraction: up), settling: settling, watching: index, result: &result)
                progress("  \(Duty(fraction: up))".padding(to: 9) + "fan\(index) \(rpm[index] ?? 0) RPM")
                if (rpm[index] ?? 0) > 0 {
                    result.startDuty = Duty(fraction: up)
                    break
                }
                up += step
            }
        }
        return result
    }

    /// Sets `duty` and reads the tachs until the `watching` one (or every one) has settled, or
    /// the maximum wait has passed. Returns the last readings.
    private func set(_ duty: Duty, settling: TachSettling, watching: Int?, result: inout CalibrationResult) async throws -> [Int: Int] {
        try setDuty(duty)
        var history: [(time: Double, rpm: [Int: Int])] = []
        var elapsed = 0.0
        while true {
            try await wait(settling.interval)
            elapsed += settling.interval
            history.append((elapsed, readRPM()))
            let indices = watching.map { [$0] } ?? tachs
            if indices.allSatisfy({ index in settling.isSettled(history.compactMap { entry in entry.rpm[index].map { (entry.time, $0) } }) }) {
                return history.last!.rpm
            }
            if elapsed >= settling.maximum - 1e-9 {
                result.unsettledSteps += 1
                return history.last!.rpm
            }
        }
    }
}

/// When a tach has settled after a duty change: its readings over the last `window` seconds
/// lie within `tolerance` of each other (at least `floorRPM`, for tach jitter), the time being
/// bounded by `maximum`.
public struct TachSettling: Sendable, Equatable {
    /// The longest wait for one step, seconds.
    public var maximum: Double
    /// Seconds between readings.
    public var interval: Double
    /// Seconds of readings that must agree.
    public var window: Double
    /// How far the readings in the window may spread, as a fraction of the highest.
    public var tolerance: Double
    /// The spread always allowed, RPM.
    public var floorRPM: Int

    /// Readings every half second (more often when `maximum` is short), agreeing over three
    /// seconds within `tolerance` (3%) or 20 RPM, for at most `maximum` seconds.
    public init(maximum: Double, tolerance: Double = 0.03, window: Double = 3, floorRPM: Int = 20) {
        self.maximum = maximum
        self.interval = min(0.5, max(0.02, maximum / 8))
        self.window = window
        self.tolerance = tolerance
        self.floorRPM = floorRPM
    }

    /// Whether `readings` (time, RPM), oldest first, show a settled tach.
    public func isSettled(_ readings: [(time: Double, rpm: Int)]) -> Bool {
        guard let last = readings.last, last.time - (readings.first?.time ?? last.time) >= window - 1e-9 else { return false }
        let recent = readings.filter { $0.time >= last.time - window - 1e-9 }.map(\.rpm)
        guard let high = recent.max(), let low = recent.min() else { return false }
        return high - low <= max(floorRPM, Int((Double(high) * tolerance).rounded()))
    }
}

/// What calibration found.
public struct CalibrationResult: Sendable {
    /// Every step's duty and tach readings.
    public var steps: [(duty: Duty, rpm: [Int: Int])] = []
    /// The tach that follows the header.
    public var tach: Int?
    /// The lowest duty the fan still ran at, stepping down.
    public var stopDuty: Duty?
    /// The duty the fan started at from standstill.
    public var startDuty: Duty?
    /// Steady junction temperature by duty, under load (`--thermal`).
    public var thermal: [(duty: Duty, junction: Double)] = []
    /// The step, as a fraction.
    public var stepSize = 0.05
    /// The junction temperature the thermal table is judged against.
    public var junctionLimit: Double?
    /// Steps whose tach had not settled when the maximum wait ran out.
    public var unsettledSteps = 0

    /// Creates an empty result.
    public init(stepSize: Double) { self.stepSize = stepSize }

    /// A running fan's lowest safe duty: one step above where it stopped.
    public var recommendedMinimum: Duty? { stopDuty.map { Duty(fraction: $0.fraction + stepSize) } }
    /// A stopped fan's start duty: one step above where it started.
    public var recommendedStart: Duty? {
        guard let startDuty else { return nil }
        return Duty(fraction: max(startDuty.fraction + stepSize, recommendedMinimum?.fraction ?? 0))
    }
}

extension String {
    fileprivate func padding(to length: Int) -> String {
        count >= length ? String(prefix(length)) : self + String(repeating: " ", count: length - count)
    }
}
