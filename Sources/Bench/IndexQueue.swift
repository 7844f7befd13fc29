import Synchronization

/// The indices 0..<count handed out once each, to whichever worker asks first.
final class IndexQueue: Sendable {
    private let next = Mutex(0)
    private let count: Int

    /// A queue of `count` indices.
    init(count: Int) { self.count = count }

    /// The next index, or nil when all have been taken.
    func take() -> Int? {
        next.withLock { next -> Int? in
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }
}
