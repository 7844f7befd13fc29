import Foundation
import Hardware

/// A streamed reply that completed: its figures and the time each token-carrying event arrived
/// (monotonic seconds), for inter-token latencies.
public struct StreamReply: Sendable {
    /// The request's figures.
    public var figures: InferenceFigures
    /// When each event with a token arrived (SSE chunks, not necessarily one token each).
    public var tokenTimes: [Double]

    /// Posts `body` to `url`, parses the streamed reply and throws unless it completed (with a
    /// token, unless `tokensRequired` is false).
    public static func post(_ url: URL, body: Data, timeouts: RequestTimeouts, tokensRequired: Bool = true) throws -> StreamReply {
        let start = monotonicSeconds()
        var parser = StreamTimingParser(start: start)
        var bodyStart = ""
        let status = try HTTPStream.post(url, body: body, timeouts: timeouts, line: { line, time in
            if bodyStart.count < 300 { bodyStart += (bodyStart.isEmpty ? "" : " ") + line.prefix(300) }
            if line.hasPrefix("data:") {
                parser.feed(String(line.dropFirst(5)), at: time)
            } else if line.hasPrefix("{") {
                parser.feed(line, at: time)
            }
        }, tokenArrived: { parser.hasToken })
        let excerpt = bodyStart.trimmingCharacters(in: .whitespaces).prefix(300)
        guard (200..<300).contains(status) else {
            throw HTTPStream.Failure(description: "\(url) answered HTTP \(status): \(excerpt)")
        }
        if let failure = parser.failure(tokensRequired: tokensRequired) {
            throw HTTPStream.Failure(description: "\(url) answered HTTP \(status) but \(failure)" + (parser.events == 0 ? (excerpt.isEmpty ? " (an empty body)" : " (the body began: \(excerpt))") : ""))
        }
        return StreamReply(figures: parser.figures(), tokenTimes: parser.tokenTimes)
    }
}
