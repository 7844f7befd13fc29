import FanControl
import Hardware

/// What one tick of the loop read, decided and did.
public struct TickReport: Sendable {
    /// When.
    public var time: Timestamp
    /// The reading of every plan sensor, in plan order.
    public var readings: [Reading]
    /// The controller's decision per fan, in plan order.
    public var decisions: [FanDecision]
    /// Per fan: tach RPM, if configured and readable.
    public var rpm: [Int?]
    /// Per fan: whether the fan is stalled.
    public var stalled: [Bool]
    /// Per fan: the output's problem, if it could not be driven.
    public var outputErrors: [String?]
    /// Per fan: whether a value was written this tick.
    public var wrote: [Bool]
    /// Per fan: whether the fan went into fail-safe on this tick.
    public var enteredFailSafe: [Bool]
    /// What happened that is worth a log line (changes and faults only).
    public var events: [LoopEvent]
}

/// A change or fault worth logging.
public struct LoopEvent: Sendable, Hashable, CustomStringConvertible {
    /// How serious it is.
    public enum Level: Int, Sendable, Hashable, Comparable {
        case info = 6, notice = 5, warning = 4, error = 3
        public static func < (a: Level, b: Level) -> Bool { a.rawValue > b.rawValue }
    }

    /// Its level.
    public var level: Level
    /// What happened.
    public var message: String

    public var description: String { message }
}
