/// How long one request may take, in seconds: to connect, to its first token (the server's
/// queue, model load and pre-fill), and in all.
public struct RequestTimeouts: Sendable, Equatable {
    /// Seconds to open the connection.
    public var connect: Double
    /// Seconds from sending the request to its first token.
    public var firstToken: Double
    /// Seconds for the whole request.
    public var total: Double

    /// The defaults: 10 s to connect, 300 s to the first token (a cold model load and a long
    /// pre-fill fit), 1800 s in all.
    public init(connect: Double = 10, firstToken: Double = 300, total: Double = 1800) {
        self.connect = connect
        self.firstToken = firstToken
        self.total = total
    }

    /// Checks that every timeout is a positive number of seconds; the message names the option.
    public func validated() throws -> RequestTimeouts {
        for (name, value) in [("--connect-timeout", connect), ("--first-token-timeout", firstToken), ("--timeout", total)] {
            guard value.isFinite, value > 0 else { throw HTTPStream.Failure(description: "\(name) must be a positive number of seconds, not \(value)") }
        }
        return self
    }
}
