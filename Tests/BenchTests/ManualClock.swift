import Bench
import Synchronization

/// A clock that moves only when waited on: `sleep(until:)` records the deadline and jumps to it,
/// so a test sees when a level meant to send without waiting for real.
final class ManualClock: ServingClock {
    private let state: Mutex<(now: Double, deadlines: [Double])>

    /// A clock reading `start`.
    init(start: Double = 0) { state = Mutex((start, [])) }

    var now: Double { state.withLock { $0.now } }

    /// Every deadline waited for, in order.
    var deadlines: [Double] { state.withLock { $0.deadlines } }

    func sleep(until deadline: Double) async throws {
        state.withLock { state in
            state.deadlines.append(deadline)
            state.now = max(state.now, deadline)
        }
    }
}
