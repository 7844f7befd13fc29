/// Holds whoever arrives until `count` have: proof that that many were in flight at once.
actor Gate {
    private let count: Int
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// A gate that opens at the `count`th arrival.
    init(count: Int) { self.count = count }

    /// Arrives, and returns once `count` have arrived.
    func arriveAndWait() async {
        arrived += 1
        if arrived >= count {
            for waiter in waiting { waiter.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
