import FanControl

/// What the virtual card is asked to do over time.
public enum LoadProfile: Sendable, Hashable {
    /// Nothing: desktop idle.
    case idle
    /// llama.cpp-style serving: requests arrive with gaps; each starts with a prefill burst
    /// near full power, then a long decode plateau well below it.
    case inference
    /// Sustained full load (a stress kernel, batch work).
    case stress
    /// A recorded power trace (W over time), replayed.
    case trace(PowerTrace)

    /// Parses `idle`, `inference`, `stress`, or a path to a CSV trace (read by the caller).
    public static func named(_ name: String) -> LoadProfile? {
        switch name {
        case "idle": return .idle
        case "inference": return .inference
        case "stress": return .stress
        default: return nil
        }
    }

    /// A name for summaries.
    public var name: String {
        switch self {
        case .idle: return "idle"
        case .inference: return "inference"
        case .stress: return "stress"
        case .trace: return "trace"
        }
    }
}

/// The phase a load generator is in, for the live view and reports.
public enum LoadPhase: String, Sendable, Hashable {
    case idle, prefill, decode, gap, stress, trace
}

/// Turns a profile into load over time, deterministically for a seed.
public struct LoadGenerator: Sendable {
    /// The profile.
    public let profile: LoadProfile
    private var random: RandomSource
    private var phase: LoadPhase
    private var phaseEnds: Double
    private let parameters: MI50Parameters

    /// Creates a generator.
    public init(profile: LoadProfile, seed: UInt64, parameters: MI50Parameters = MI50Parameters()) {
        self.profile = profile
        self.random = RandomSource(seed: seed ^ 0x4C4F_4144)
        self.parameters = parameters
        switch profile {
        case .idle: phase = .idle
        case .inference: phase = .gap
        case .stress: phase = .stress
        case .trace: phase = .trace
        }
        phaseEnds = profile == .inference ? 5 : .infinity
    }

    /// The phase now (after the latest ``load(at:)``).
    public var currentPhase: LoadPhase { phase }

    /// The load (0...1) asked for at `time` seconds since the start. Call with rising times.
    public mutating func load(at time: Double) -> Double {
        switch profile {
        case .idle: return 0
        case .stress: return 1
        case .trace(let trace):
            let watts = trace.power(at: time)
            return max(0, min(1, (watts - parameters.idlePower) / (parameters.fullLoadPower - parameters.idlePower)))
        case .inference:
            while time >= phaseEnds { advancePhase() }
            switch phase {
            case .prefill: return 1.0
            case .decode: return 0.5
            default: return 0
            }
        }
    }

    private mutating func advancePhase() {
        switch phase {
        case .gap:
            phase = .prefill
            phaseEnds += 2 + random.unit() * 6          // prompt processing: 2-8 s
        case .prefill:
            phase = .decode
            phaseEnds += 10 + random.unit() * 50        // generation: 10-60 s
        default:
            phase = .gap
            phaseEnds += 3 + random.unit() * 27         // between requests: 3-30 s
        }
    }
}

/// A recorded power trace: time (s) and board power (W), linearly interpolated, held at the
/// ends.
public struct PowerTrace: Sendable, Hashable {
    /// The samples, sorted by time.
    public let samples: [(time: Double, watts: Double)]

    /// Parses CSV text: `time_s,power_w` lines (a header line and `#` comments are skipped).
    public static func parse(_ text: String) -> Result<PowerTrace, TraceError> {
        var samples: [(Double, Double)] = []
        var headerSeen = false
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: " \t\r")
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(separator: ",").map { $0.trimmingCharacters(in: " \t") }
            guard fields.count >= 2, let time = Double(fields[0]), let watts = Double(fields[1]) else {
                if samples.isEmpty && !headerSeen {   // one header line before the samples
                    headerSeen = true
                    continue
                }
                return .failure(TraceError(line: number + 1, message: "expected `seconds,watts`, found `\(trimmed)`"))
            }
            guard time.isFinite, watts.isFinite, watts >= 0, watts < 1000 else {
                return .failure(TraceError(line: number + 1, message: "time and power must be finite, power 0-1000 W"))
            }
            if let last = samples.last, time < last.0 {
                return .failure(TraceError(line: number + 1, message: "time \(time) is before \(last.0): the trace must be in time order"))
            }
            samples.append((time, watts))
        }
        guard !samples.isEmpty else { return .failure(TraceError(line: 1, message: "no samples")) }
        return .success(PowerTrace(samples: samples))
    }

    /// Board power at `time`.
    public func power(at time: Double) -> Double {
        guard let first = samples.first, let last = samples.last else { return 0 }
        if time <= first.time { return first.watts }
        if time >= last.time { return last.watts }
        var low = 0, high = samples.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if samples[middle].time <= time { low = middle } else { high = middle }
        }
        let a = samples[low], b = samples[high]
        let span = b.time - a.time
        return span > 0 ? a.watts + (b.watts - a.watts) * (time - a.time) / span : b.watts
    }

    /// The trace's length in seconds.
    public var duration: Double { (samples.last?.time ?? 0) - (samples.first?.time ?? 0) }

    public static func == (lhs: PowerTrace, rhs: PowerTrace) -> Bool {
        lhs.samples.count == rhs.samples.count && zip(lhs.samples, rhs.samples).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(samples.count) }
}

/// A problem in a CSV trace.
public struct TraceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// What is wrong.
    public var message: String

    public var description: String { "line \(line): \(message)" }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var result = self
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return String(result)
    }
}
