/// What a sensor measures.
public enum SensorKind: String, Sendable, Hashable, CaseIterable {
    /// A temperature in °C.
    case temperature
    /// Board power in W.
    case power
    /// Utilisation in %.
    case busy
}

/// Why a sensor has no usable value.
public enum SensorFault: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file or device is gone.
    case missing
    /// The read failed with this errno (EPERM while the GPU resets, EIO, ENODATA, ...).
    case readError(errno: Int32)
    /// The file was empty (amdgpu prints an empty line on some errors).
    case empty
    /// The content was not a number.
    case notANumber
    /// A GPU temperature outside the plausible range (at or below 0 °C, above 150 °C).
    case implausible(Double)
    /// A fall faster than silicon can cool, from the last believed value.
    case jumped(from: Double, to: Double)
    /// The reading is older than the configured limit.
    case tooOld(age: TimeSpan)
    /// The value has not changed for longer than it plausibly could.
    case frozen(since: TimeSpan)
    /// The value has not moved while the card's power swung by this many watts.
    case frozenUnderLoad(since: TimeSpan, swing: Double)
    /// No reading was supplied this tick.
    case notRead

    public var description: String {
        switch self {
        case .missing: return "sensor file missing"
        case .readError(let errno): return "read failed (errno \(errno)\(errnoName(errno).map { " \($0)" } ?? ""))"
        case .empty: return "sensor file empty"
        case .notANumber: return "sensor value not a number"
        case .implausible(let value): return "implausible value \(formatNumber(value))"
        case .tooOld(let age): return "reading is \(age) old"
        case .frozen(let span): return "value unchanged for \(span)"
        case .jumped(let from, let to): return "fell from \(formatNumber(from))°C to \(formatNumber(to))°C faster than silicon cools"
        case .frozenUnderLoad(let span, let swing):
            return "value unchanged for \(span) while the card's power moved \(formatNumber(swing)) W"
        case .notRead: return "no reading"
        }
    }
}

private func errnoName(_ code: Int32) -> String? {
    switch code {
    case 1: return "EPERM"
    case 2: return "ENOENT"
    case 5: return "EIO"
    case 6: return "ENXIO"
    case 13: return "EACCES"
    case 16: return "EBUSY"
    case 19: return "ENODEV"
    case 22: return "EINVAL"
    case 61: return "ENODATA"
    case 95: return "EOPNOTSUPP"
    default: return nil
    }
}

/// One sensor's reading for a tick: a value with the time it was taken, or a fault.
public enum Reading: Sendable, Hashable {
    /// A value (°C, W or %) and when it was sampled.
    case value(Double, at: Timestamp)
    /// No usable value, and why.
    case fault(SensorFault)

    /// A temperature reading taken at `at`.
    public static func celsius(_ value: Double, at: Timestamp) -> Reading { .value(value, at: at) }

    /// Whether this is a value (not a fault).
    public var isValue: Bool {
        if case .value = self { return true }
        return false
    }
}
