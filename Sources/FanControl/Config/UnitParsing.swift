/// Parsers for values as users write them in config files: `85`, `85C`, `35%`, `0.35`,
/// `500ms`, `1s`, `2m`, `120W`, `0.25%/W`. Each returns nil on anything else.
public enum UnitParsing {
    /// `85`, `85C`, `85°C`, `85 °C`, `-5`.
    public static func temperature(_ text: String) -> Temperature? {
        var body = text.trimmingSpaces()
        // U+2212 MINUS SIGN: typographic text, and how the command line passes a negative
        // number past the option parser.
        if body.hasPrefix("\u{2212}") { body = "-" + body.dropFirst() }
        for suffix in ["°C", "°c", "C", "c"] where body.hasSuffix(suffix) {
            body = String(body.dropLast(suffix.count)).trimmingSpaces()
            break
        }
        guard let value = Double(body), value.isFinite else { return nil }
        return Temperature(celsius: value)
    }

    /// `35%` or `0.35`.
    public static func duty(_ text: String) -> Duty? { Duty(parsing: text) }

    /// `40us`, `500ms`, `1s`, `1.5s`, `2m`, `1h`, `1d`, or a bare number of seconds.
    public static func timeSpan(_ text: String) -> TimeSpan? {
        let body = text.trimmingSpaces()
        let units: [(String, Double, Double)] = [
            ("ns", 1, 1e9), ("us", 1, 1e6), ("µs", 1, 1e6), ("ms", 1, 1000), ("s", 1, 1), ("min", 60, 1), ("m", 60, 1),
            ("h", 3600, 1), ("d", 86400, 1),
        ]
        for (suffix, multiplier, divisor) in units where body.hasSuffix(suffix) {
            guard let value = Double(body.dropLast(suffix.count).trimmingSpaces()), value.isFinite, value >= 0
            else { return nil }
            return TimeSpan(seconds: value * multiplier / divisor)
        }
        guard let value = Double(body), value.isFinite, value >= 0 else { return nil }
        return TimeSpan(seconds: value)
    }

    /// `120W`, `120 W`, `120`: watts.
    public static func watts(_ text: String) -> Double? { number(text, unit: "W") }

    /// `85%` or `85`: a percentage (busy).
    public static func percent(_ text: String) -> Double? { number(text, unit: "%") }

    /// A gain in duty per unit of load: `0.25%/W` or `0.5%/%` (percent of duty per watt or per
    /// percent busy). Returns the fraction of full speed per unit.
    public static func gain(_ text: String) -> Double? {
        let body = text.trimmingSpaces()
        for suffix in ["%/W", "%/%"] where body.hasSuffix(suffix) {
            guard let value = Double(body.dropLast(suffix.count).trimmingSpaces()), value.isFinite, value >= 0
            else { return nil }
            return value / 100
        }
        return nil
    }

    private static func number(_ text: String, unit: String) -> Double? {
        var body = text.trimmingSpaces()
        if body.hasSuffix(unit) { body = String(body.dropLast(unit.count)).trimmingSpaces() }
        guard let value = Double(body), value.isFinite else { return nil }
        return value
    }
}
