/// Keeps the server's prompt cache out of the measurements: the warm-up asks something no
/// measured request starts with, and every measured request starts with a prefix of its own
/// (the run's id and its number), so no two requests, in this run or another, share a prefix
/// past the chat template's first tokens.
public struct PromptHygiene: Sendable {
    /// The run's id, different for every run.
    public let runID: String

    /// A fresh run id (8 hex digits) unless one is given.
    public init(runID: String? = nil) {
        self.runID = runID ?? String(UInt32.random(in: 0...UInt32.max), radix: 16).leftPadded(to: 8)
    }

    /// The warm-up request: `first`'s settings (image, context) with a prompt of its own and a
    /// short generation.
    public func warmup(from first: BenchSuite.Request) -> BenchSuite.Request {
        var request = first
        request.prompt = "Warm-up \(runID): reply with one word."
        request.maxTokens = min(16, first.maxTokens)
        return request
    }

    /// The measured request number `index` (from 1): its prompt behind a unique prefix.
    public func measured(_ request: BenchSuite.Request, index: Int) -> BenchSuite.Request {
        var request = request
        request.prompt = "[\(runID)-\(index)] " + request.prompt
        return request
    }
}

extension String {
    func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
