/// A fan curve: how much duty a temperature asks for.
///
/// A curve is either linear (points joined by straight lines, flat beyond the ends) or a step
/// curve (levels with their own lower/upper limits). Above ``critical`` it always asks for
/// full speed, whatever the points say.
public struct FanCurve: Sendable, Hashable {
    /// The two kinds of curve.
    public enum Shape: Sendable, Hashable {
        /// Sorted points, linearly interpolated.
        case linear([CurvePoint])
        /// thinkfan-style levels.
        case steps([StepLevel])
    }

    /// The curve's name (its file name without `.yaml`, or `inline`).
    public var name: String
    /// The curve's shape.
    public var shape: Shape
    /// At or above this temperature the fan runs at 100%, past any limit.
    public var critical: Temperature?
    /// How the duty may fall once it has risen.
    public var hysteresis: Hysteresis
    /// Smoothing on the way down (never on the way up).
    public var smoothing: DownSmoothing

    /// Creates a curve.
    public init(
        name: String = "inline", shape: Shape, critical: Temperature? = nil,
        hysteresis: Hysteresis = .none, smoothing: DownSmoothing = .off
    ) {
        self.name = name
        self.shape = shape
        self.critical = critical
        self.hysteresis = hysteresis
        self.smoothing = smoothing
    }

    /// The least duty the curve asks for at any temperature below its critical point (the
    /// lowest point or level).
    public var lowestDuty: Duty {
        switch shape {
        case .linear(let points): return points.map(\.duty).min() ?? .full
        case .steps(let levels): return levels.map(\.duty).min() ?? .full
        }
    }

    /// A linear curve through `points` (which must already be sorted by temperature).
    public static func linear(_ points: [CurvePoint], critical: Temperature? = nil) -> FanCurve {
        FanCurve(shape: .linear(points), critical: critical)
    }

    /// Where on the curve a duty came from.
    public enum Spot: Sendable, Hashable {
        /// Below or at the first point.
        case belowFirst
        /// Between point `index` and point `index + 1`.
        case between(Int)
        /// At or beyond the last point.
        case beyondLast
        /// On step level `index`.
        case level(Int)
        /// At or above the critical temperature.
        case critical
    }

    /// The duty the linear points ask for at `temperature`, and where on the curve it sits.
    /// Step curves hold state and are evaluated with ``stepLevel(for:from:)``.
    public static func interpolate(_ points: [CurvePoint], at temperature: Temperature) -> (Duty, Spot) {
        guard let first = points.first, let last = points.last else { return (.full, .critical) }
        if temperature < first.temperature {
            return (first.duty, .belowFirst)
        }
        if temperature >= last.temperature { return (last.duty, .beyondLast) }
        var index = 0
        while index + 1 < points.count {
            let low = points[index], high = points[index + 1]
            if temperature >= low.temperature && temperature < high.temperature {
                let span = high.temperature.celsius - low.temperature.celsius
                let position = (temperature.celsius - low.temperature.celsius) / span
                let duty = low.duty.fraction + (high.duty.fraction - low.duty.fraction) * position
                return (Duty(fraction: duty), .between(index))
            }
            index += 1
        }
        return (last.duty, .beyondLast)
    }

    /// The step level `temperature` leads to, starting from level `current`.
    ///
    /// Climbs while the temperature is at or above a level's upper limit, falls while it is
    /// below a level's lower limit; between the two limits the level holds.
    public static func stepLevel(_ levels: [StepLevel], for temperature: Temperature, from current: Int) -> Int {
        guard !levels.isEmpty else { return 0 }
        var level = min(max(current, 0), levels.count - 1)
        while level + 1 < levels.count, let upper = levels[level].upper, temperature >= upper { level += 1 }
        while level > 0, let lower = levels[level].lower, temperature < lower { level -= 1 }
        return level
    }
}
