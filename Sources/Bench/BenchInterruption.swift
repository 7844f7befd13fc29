import Foundation
import Synchronization

/// Ctrl-C during a benchmark: once fired, every request in flight is given up at once (its
/// blocking read is left to finish on its own thread) and no further request starts, so the
/// run can write what it measured.
public final class BenchInterruption: Sendable {
    /// The error a request given up by the interruption ends with.
    public struct Interrupted: Error, CustomStringConvertible {
        public var description: String { "interrupted before the request finished" }
    }

    private let state = Mutex<(fired: Bool, next: Int, waiters: [Int: @Sendable () -> Void])>((false, 0, [:]))

    /// A new, unfired interruption.
    public init() {}

    /// Whether it has fired.
    public var hasFired: Bool { state.withLock { $0.fired } }

    /// Fires: the requests in flight end with `Interrupted`, and so does every later `run`.
    public func fire() {
        let waiters = state.withLock { state -> [@Sendable () -> Void] in
            state.fired = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter() }
    }

    /// Runs blocking work on a thread of its own and returns its result, or throws
    /// `Interrupted` as soon as the interruption fires.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let shot = OneShot(continuation)
            let key = state.withLock { state -> Int? in
                if state.fired { return nil }
                state.next += 1
                state.waiters[state.next] = { shot.resume(.failure(Interrupted())) }
                return state.next
            }
            guard let key else { shot.resume(.failure(Interrupted())); return }
            Thread.detachNewThread { [self] in
                let result = Result { try body() }
                _ = state.withLock { $0.waiters.removeValue(forKey: key) }
                shot.resume(result)
            }
        }
    }

    /// Runs async waiting (a sleep until the next arrival) and returns when it does, or throws
    /// `Interrupted` as soon as the interruption fires (the wait is cancelled).
    public func waiting(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let wait = Task { try await body() }
        let key = state.withLock { state -> Int? in
            if state.fired { return nil }
            state.next += 1
            state.waiters[state.next] = { wait.cancel() }
            return state.next
        }
        guard let key else {
            wait.cancel()
            throw Interrupted()
        }
        defer { _ = state.withLock { $0.waiters.removeValue(forKey: key) } }
        let result = await wait.result
        if hasFired { throw Interrupted() }
        try result.get()
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
