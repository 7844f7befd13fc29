import Foundation

/// One request measured beside the sampler: what `bench` does for every request of a suite, a
/// size test or a serving level.
extension RunSession {
    /// Runs `body` (a blocking request) on a thread of its own, fills `record` with its figures,
    /// its error if it failed (or if `verify` finds the reply is not what was asked for) and the
    /// cards' story during it, and records it. Throws only `BenchInterruption.Interrupted`: the
    /// request was given up and is not recorded.
    public func measure(_ record: RequestRecord, interruption: BenchInterruption, verify: (InferenceFigures) -> String? = { _ in nil },
                        _ body: @escaping @Sendable () throws -> StreamReply) async throws -> (record: RequestRecord, tokenTimes: [Double]) {
        var record = record
        var tokenTimes: [Double] = []
        let before = await recorder.latest
        record.start = now
        do {
            let reply = try await interruption.run(body)
            record.figures = reply.figures
            record.error = verify(reply.figures)
            tokenTimes = reply.tokenTimes.map { $0 - origin }
        } catch let error as BenchInterruption.Interrupted {
            throw error
        } catch {
            record.error = "\(error)"
        }
        record.end = now
        record.recordThermals(before: before, during: await recorder.samples(from: record.start, to: record.end), after: await recorder.latest)
        await recorder.add(record)
        return (record, tokenTimes)
    }
}
