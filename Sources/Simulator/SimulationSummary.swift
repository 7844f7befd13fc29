/// What a simulated run amounted to.
public struct SimulationSummary: Sendable, Codable {
    /// An empty summary, filled in as a run goes.
    public init() {}

    /// Simulated seconds.
    public var duration: Double = 0
    /// The load profile.
    public var profile = ""
    /// The curve.
    public var curve = ""
    /// How many cards (temperatures are the hottest card's, throttling any card's, the duty
    /// the mean over the cards' fans).
    public var cards = 1
    /// Peak and mean junction, °C.
    public var peakJunction = -Double.infinity, meanJunction = 0.0
    /// Peak HBM, °C.
    public var peakMem = -Double.infinity
    /// Seconds the card throttled for temperature.
    public var thermalThrottleSeconds = 0.0
    /// Seconds the power cap held the clock.
    public var powerCapSeconds = 0.0
    /// Seconds the junction spent at or above the curve's critical point.
    public var secondsAboveCritical = 0.0
    /// The curve's critical point, °C.
    public var critical: Double?
    /// Mean fan duty, %.
    public var meanDuty = 0.0
    /// How often the duty written changed.
    public var dutyChanges = 0
    /// Duty changes against the direction of the fan's previous change (up then down, or down
    /// then up): the hunting an ear notices.
    public var reversals = 0
    /// Duty changes per hour of simulated time, to compare runs of different lengths.
    public var dutyChangesPerHour: Double { duration > 0 ? Double(dutyChanges) * 3600 / duration : 0 }
    /// How often the fan was found stalled.
    public var stallEvents = 0
    /// Seconds in fail-safe.
    public var failSafeSeconds = 0.0

    /// A few lines for people.
    public var text: String {
        func f(_ value: Double) -> String { String(format: "%.1f", value) }
        return """
            Simulated \(f(duration / 60)) min of \(profile) load on curve \(curve)\(cards > 1 ? " on \(cards) cards (temperatures of the hottest)" : "")
              junction: peak \(f(peakJunction)) °C, mean \(f(meanJunction)) °C; HBM peak \(f(peakMem)) °C
              thermal throttling: \(f(thermalThrottleSeconds)) s; power cap: \(f(powerCapSeconds)) s
              above the curve's critical point\(critical.map { " (\(f($0)) °C)" } ?? ""): \(f(secondsAboveCritical)) s
              fan: mean duty \(f(meanDuty))%, \(dutyChanges) duty changes (\(f(dutyChangesPerHour)) per hour, \(reversals) reversals), \(stallEvents) stall events, \(f(failSafeSeconds)) s in fail-safe

            """
    }
}

import Foundation
