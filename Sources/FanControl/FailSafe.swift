/// When a fan gives up on its sensors and runs at a safe duty.
public struct FailSafePolicy: Sendable, Hashable {
    /// The duty while in fail-safe (default full speed).
    public var duty: Duty
    /// Consecutive failed ticks before fail-safe starts (1: on the first failure).
    public var afterFailures: Int
    /// Consecutive good ticks before the fan returns to its curve.
    public var recoverAfter: Int
    /// A reading older than this when the decision is made counts as a failure (`nil`: any
    /// age). The loop stamps each reading when its read began, so a read that blocks (amdgpu
    /// holds reads while the GPU resets) makes every reading taken before it this old.
    public var maximumAge: TimeSpan?
    /// A temperature that has not changed for this long counts as a failure (`nil`: off).
    /// amdgpu reports whole degrees, so an idle card can hold one value for minutes: set this
    /// well above that.
    public var frozenAfter: TimeSpan?
    /// A junction temperature counts as frozen when it stood still at one power and then did
    /// not move in 5 s after the card's power settled 30 W or more away. Silicon cannot take
    /// tens of watts more or less without its hot spot moving, while an idle card, whose
    /// power barely moves, can hold one whole degree for minutes without a false alarm.
    public var detectsFrozenUnderLoad: Bool

    /// Creates a policy.
    public init(
        duty: Duty = .full, afterFailures: Int = 1, recoverAfter: Int = 3,
        maximumAge: TimeSpan? = nil, frozenAfter: TimeSpan? = nil,
        detectsFrozenUnderLoad: Bool = true
    ) {
        self.duty = duty
        self.afterFailures = max(1, afterFailures)
        self.recoverAfter = max(1, recoverAfter)
        self.maximumAge = maximumAge
        self.frozenAfter = frozenAfter
        self.detectsFrozenUnderLoad = detectsFrozenUnderLoad
    }

    /// Full speed on the first failure, back after three good ticks.
    public static let standard = FailSafePolicy()
}

/// The fail-safe state of one fan, advanced once per tick.
public struct FailSafeState: Sendable, Hashable {
    /// Whether the fan is in fail-safe now.
    public private(set) var isActive = false
    /// Consecutive ticks with a failure.
    public private(set) var failures = 0
    /// Consecutive good ticks since the last failure.
    public private(set) var goodTicks = 0
    /// The fault that started (or last extended) fail-safe, and on which sensor.
    public private(set) var cause: (sensor: Int, fault: SensorFault)? = nil

    /// Creates a state that is not in fail-safe.
    public init() {}

    /// Records one tick: `fault` is the first failing sensor's fault, `nil` if all were good.
    /// Returns whether the fan is in fail-safe after this tick.
    public mutating func record(_ fault: (sensor: Int, fault: SensorFault)?, policy: FailSafePolicy) -> Bool {
        if let fault {
            failures += 1
            goodTicks = 0
            if failures >= policy.afterFailures {
                isActive = true
                cause = fault
            }
        } else {
            failures = 0
            goodTicks += 1
            if isActive && goodTicks >= policy.recoverAfter {
                isActive = false
                cause = nil
            }
        }
        return isActive
    }

    public static func == (lhs: FailSafeState, rhs: FailSafeState) -> Bool {
        lhs.isActive == rhs.isActive && lhs.failures == rhs.failures && lhs.goodTicks == rhs.goodTicks
            && lhs.cause?.sensor == rhs.cause?.sensor && lhs.cause?.fault == rhs.cause?.fault
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(isActive)
        hasher.combine(failures)
        hasher.combine(goodTicks)
    }
}
