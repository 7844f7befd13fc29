import Foundation
import Synchronization

/// Ctrl-C during a benchmark: once fired, the request in flight is given up at once (its
/// blocking read is left to finish on its own thread) and no further request starts, so the
/// run can write what it measured.
public final class BenchInterruption: Sendable {
    /// The error a request given up by the interruption ends with.
    public struct Interrupted: Error, CustomStringConvertible {
        public var description: String { "interrupted before the request finished" }
    }

    private let state = Mutex<(fired: Bool, waiter: (@Sendable () -> Void)?)>((false, nil))

    /// A new, unfired interruption.
    public init() {}

    /// Whether it has fired.
    public var hasFired: Bool { state.withLock { $0.fired } }

    /// Fires: the request in flight ends with `Interrupted`, and so does every later `run`.
    public func fire() {
        let waiter = state.withLock { state -> (@Sendable () -> Void)? in
            state.fired = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?()
    }

    /// Runs blocking work on a thread of its own and returns its result, or throws
    /// `Interrupted` as soon as the interruption fires.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let shot = OneShot(continuation)
            let fired = state.withLock { state -> Bool in
                if state.fired { return true }
                state.waiter = { shot.resume(.failure(Interrupted())) }
                return false
            }
            if fired { shot.resume(.failure(Interrupted())); return }
            Thread.detachNewThread { shot.resume(Result { try body() }) }
        }
    }

    /// A continuation resumed by whichever comes first, the work or the interruption.
    private final class OneShot<T: Sendable>: Sendable {
        private let slot: Mutex<CheckedContinuation<T, Error>?>
        init(_ continuation: CheckedContinuation<T, Error>) { slot = Mutex(continuation) }
        func resume(_ result: Result<T, Error>) {
            slot.withLock { slot -> CheckedContinuation<T, Error>? in
                defer { slot = nil }
                return slot
            }?.resume(with: result)
        }
    }
}
