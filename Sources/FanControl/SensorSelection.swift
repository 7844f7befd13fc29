/// How several sensors on one curve are combined.
public enum Aggregate: String, Sendable, Hashable, CaseIterable {
    /// The hottest sensor counts.
    case max
    /// The mean of the sensors.
    case average
}

/// One input of a fan: a sensor (or an aggregate of sensors) read through a curve.
///
/// A fan with several selections takes the highest duty any of them asks for: the junction on
/// one curve, the HBM on another, and whichever is more demanding wins.
public struct SensorSelection: Sendable, Hashable {
    /// A name for messages ("mi50.junction", "max(gpu0.edge, gpu1.edge)").
    public var name: String
    /// Indices into the controller's sensor list (temperature sensors).
    public var sensors: [Int]
    /// How the sensors are combined when there are several.
    public var aggregate: Aggregate
    /// The curve the combined temperature is read through.
    public var curve: FanCurve

    /// Creates a selection.
    public init(name: String, sensors: [Int], aggregate: Aggregate = .max, curve: FanCurve) {
        self.name = name
        self.sensors = sensors
        self.aggregate = aggregate
        self.curve = curve
    }

    /// Combines this selection's sensor values; `value` returns the value of a sensor index.
    public func combine(_ value: (Int) -> Double) -> Double {
        guard !sensors.isEmpty else { return .nan }
        switch aggregate {
        case .max:
            var result = -Double.infinity
            for sensor in sensors { result = Swift.max(result, value(sensor)) }
            return result
        case .average:
            var sum = 0.0
            for sensor in sensors { sum += value(sensor) }
            return sum / Double(sensors.count)
        }
    }
}
