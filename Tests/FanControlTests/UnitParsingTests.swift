import Testing
@testable import FanControl

@Test("temperatures as users write them", arguments: [
    ("85", 85.0 as Double?), ("85C", 85), ("85 °C", 85), ("85°C", 85), ("-5", -5), ("72.5c", 72.5),
    ("85F", nil), ("hot", nil), ("", nil), ("inf", nil),
])
func temperatures(text: String, celsius: Double?) {
    #expect(UnitParsing.temperature(text)?.celsius == celsius)
}

@Test("durations as users write them", arguments: [
    ("1s", 1.0 as Double?), ("500ms", 0.5), ("2m", 120), ("2min", 120), ("1h", 3600), ("1d", 86400),
    ("1.5s", 1.5), ("40000ns", 0.00004), ("40us", 0.00004), ("3", 3), ("-1s", nil), ("1 fortnight", nil), ("s", nil),
])
func durations(text: String, seconds: Double?) {
    #expect(UnitParsing.timeSpan(text)?.seconds == seconds)
}

@Test("power, percent and gain", arguments: [
    ("120W", 120.0 as Double?), ("120 W", 120), ("120", 120), ("lots", nil),
])
func watts(text: String, value: Double?) {
    #expect(UnitParsing.watts(text) == value)
}

@Test("gain in duty percent per unit", arguments: [
    ("0.25%/W", 0.0025 as Double?), ("1%/%", 0.01), ("0.25", nil), ("x%/W", nil), ("-1%/W", nil),
])
func gains(text: String, value: Double?) {
    #expect(UnitParsing.gain(text) == value)
}

@Test("number formatting without Foundation", arguments: [
    (45.0, "45"), (45.25, "45.3"), (-3.5, "-3.5"), (0.04, "0"), (100, "100"), (-0.25, "-0.3"), (1e300, "1e+300"), (-1e20, "-1e+20"),
])
func numbers(value: Double, text: String) {
    #expect(formatNumber(value) == text)
}

@Test("a span below a millisecond is written in microseconds, not as 0ms", arguments: [("40us", "40us"), ("500ms", "500ms"), ("1.5s", "1.5s")])
func subMillisecondSpans(text: String, written: String) throws {
    let span = try #require(UnitParsing.timeSpan(text))
    #expect(span.description == written)
}
