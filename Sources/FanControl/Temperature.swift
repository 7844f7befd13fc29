/// A temperature in degrees Celsius.
///
/// hwmon reports millidegrees; the Hardware layer converts at its boundary so that the
/// control core only ever sees degrees.
public struct Temperature: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Degrees Celsius.
    public var celsius: Double

    /// The range a real GPU or board sensor can plausibly report. Anything outside it is a
    /// broken reading, never a temperature to act on.
    public static let plausibleRange: ClosedRange<Double> = -40...150

    /// Creates a temperature from degrees Celsius.
    public init(celsius: Double) { self.celsius = celsius }

    /// Creates a temperature from hwmon millidegrees.
    public init(millidegrees: Int) { self.celsius = Double(millidegrees) / 1000 }

    /// Whether the value is a number inside ``plausibleRange``.
    public var isPlausible: Bool { Self.plausibleRange.contains(celsius) }

    /// Whether a GPU die could read this: above 0 °C (a running card is never at or below
    /// freezing, and amdgpu's failed reads can surface as 0) and at most 150 °C.
    public var isPlausibleForGPU: Bool { celsius > 0 && celsius <= Self.plausibleRange.upperBound }

    public static func < (lhs: Temperature, rhs: Temperature) -> Bool { lhs.celsius < rhs.celsius }

    public var description: String { "\(formatNumber(celsius))°C" }
}

/// Formats a number with at most one decimal, without Foundation: 45 -> "45", 45.25 -> "45.3".
public func formatNumber(_ value: Double) -> String {
    guard value.isFinite, abs(value) < 1e15 else { return "\(value)" }
    let tenths = (value * 10).rounded()
    if tenths.truncatingRemainder(dividingBy: 10) == 0 { return "\(Int(tenths / 10))" }
    let sign = tenths < 0 ? "-" : ""
    let magnitude = Int(abs(tenths))
    return "\(sign)\(magnitude / 10).\(magnitude % 10)"
}
