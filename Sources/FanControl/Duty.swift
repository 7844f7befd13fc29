/// A fan duty cycle as a fraction of full speed, always within 0...1.
public struct Duty: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The fraction of full speed, 0...1.
    public let fraction: Double

    /// Creates a duty, clamping the value into 0...1 (NaN becomes full speed: the safe side).
    public init(fraction: Double) {
        if fraction.isNaN { self.fraction = 1 } else { self.fraction = min(1, max(0, fraction)) }
    }

    /// Creates a duty from a percentage, clamped into 0...100.
    public init(percent: Double) { self.init(fraction: percent / 100) }

    /// The fan stopped.
    public static let off = Duty(fraction: 0)
    /// Full speed.
    public static let full = Duty(fraction: 1)

    /// The duty in percent.
    public var percent: Double { fraction * 100 }

    /// The duty mapped onto an output whose full scale is `maximum` (for example `pwmN_max`, 255).
    public func raw(maximum: Int) -> Int { Int((fraction * Double(maximum)).rounded()) }

    /// Parses a duty as users write it: `35%` or a fraction `0.35`. Returns `nil` for anything else,
    /// including bare numbers above 1, which are ambiguous (35 could mean 35% or PWM 35).
    public init?(parsing text: String) {
        let trimmed = text.trimmingSpaces()
        if trimmed.hasSuffix("%") {
            guard let value = Double(trimmed.dropLast().trimmingSpaces()), value.isFinite,
                  (0...100).contains(value) else { return nil }
            self.init(percent: value)
        } else {
            guard let value = Double(trimmed), value.isFinite, (0...1).contains(value) else { return nil }
            self.init(fraction: value)
        }
    }

    public static func < (lhs: Duty, rhs: Duty) -> Bool { lhs.fraction < rhs.fraction }

    public var description: String { "\(formatNumber(percent))%" }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
