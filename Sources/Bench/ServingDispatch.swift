/// How the requests of a serving level are sent. `send` measures request `index` and returns
/// false when the run was interrupted (no further request is sent then).
enum ServingDispatch {
    /// `workers` requests in flight, each sending the next as soon as its last one finished,
    /// until `count` have been sent.
    static func closedLoop(workers: Int, count: Int, send: @escaping @Sendable (Int) async -> Bool) async {
        let queue = IndexQueue(count: count)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    while let index = queue.take(), await send(index) {}
                }
            }
        }
    }

    /// Request `i` sent at `start + schedule.offsets[i]` on `clock`, whatever is still in flight
    /// (an open loop, as vLLM's `--request-rate`); returns when every request sent has finished.
    static func openLoop(schedule: ArrivalSchedule, start: Double, clock: any ServingClock, interruption: BenchInterruption,
                         send: @escaping @Sendable (Int) async -> Bool) async {
        await withTaskGroup(of: Void.self) { group in
            for (index, offset) in schedule.offsets.enumerated() {
                do { try await interruption.waiting { try await clock.sleep(until: start + offset) } } catch { break }
                group.addTask { _ = await send(index) }
            }
        }
    }
}
