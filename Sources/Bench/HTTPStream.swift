import Foundation
import Hardware

/// A minimal HTTP/1.1 client for inference servers on this machine or the LAN: one POST,
/// the response body handed over line by line with the time each line arrived (monotonic
/// seconds), chunked or not, within connect, first-token and total timeouts. Plain HTTP only.
public enum HTTPStream {
    /// A request failure, with what to check.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        /// Creates a failure with its message.
        public init(description: String) { self.description = description }
    }

    /// Posts `body` as JSON to `url` and calls `line` for every line of the response body.
    /// Until `tokenArrived` says a token has come, the first-token timeout applies; the total
    /// timeout always does. Returns the HTTP status.
    public static func post(_ url: URL, body: Data, timeouts: RequestTimeouts = RequestTimeouts(), line: (String, Double) -> Void,
                            tokenArrived: () -> Bool = { false }) throws -> Int {
        try exchange("POST", url, body: body, timeouts: timeouts, line: line, tokenArrived: tokenArrived)
    }

    /// Fetches `url` (GET, or POST with a JSON `body`) and returns the status and the whole body,
    /// within `seconds` in all and `connect` seconds to connect.
    public static func fetch(_ url: URL, body: Data? = nil, seconds: Double, connect: Double = 10) throws -> (status: Int, body: String) {
        var lines: [String] = []
        let timeouts = RequestTimeouts(connect: min(seconds, connect), firstToken: seconds, total: seconds)
        let status = try exchange(body == nil ? "GET" : "POST", url, body: body ?? Data(), timeouts: timeouts,
                                  line: { text, _ in lines.append(text) }, tokenArrived: { false })
        return (status, lines.joined(separator: "\n"))
    }

    private static func exchange(_ method: String, _ url: URL, body: Data, timeouts: RequestTimeouts, line: (String, Double) -> Void,
                                 tokenArrived: () -> Bool) throws -> Int {
        guard url.scheme == "http", let host = url.host else {
            throw Failure(description: "\(url): only http:// endpoints are supported (run the benchmark on the server's machine or its LAN)")
        }
        let port = url.port ?? 80
        let start = monotonicSeconds()
        let descriptor = try connect(host: host, port: port, timeout: timeouts.connect)
        defer { close(descriptor) }
        var reader = LineReader(descriptor: descriptor)
        let totalDeadline = start + timeouts.total
        let totalExpiry = "\(url): the request took longer than \(timeouts.total) s (--timeout)"
        if timeouts.firstToken < timeouts.total {
            reader.deadline = start + timeouts.firstToken
            reader.expiry = "\(url): no first token within \(timeouts.firstToken) s (--first-token-timeout)"
        } else {
            reader.deadline = totalDeadline
            reader.expiry = totalExpiry
        }
        var time = timeval(tv_sec: Int(timeouts.firstToken.rounded(.up)), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        func deliver(_ text: String, _ time: Double) {
            line(text, time)
            if reader.deadline < totalDeadline, tokenArrived() {
                reader.deadline = totalDeadline
                reader.expiry = totalExpiry
            }
        }
        var path = url.path.isEmpty ? "/" : url.path
        if let query = url.query { path += "?" + query }
        let head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Type: application/json\r\nAccept: text/event-stream, application/x-ndjson, application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        try sendAll(descriptor, Data(head.utf8) + body)
        guard let statusLine = try reader.next()?.text, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw Failure(description: "\(url): no HTTP response")
        }
        var chunked = false
        while let header = try reader.next()?.text, !header.isEmpty {
            if header.lowercased().hasPrefix("transfer-encoding:") && header.lowercased().contains("chunked") { chunked = true }
        }
        if chunked {
            var pending = Data()
            var ended = false
            while let sizeLine = try reader.next()?.text, let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) {
                if size == 0 { ended = true; break }
                let (chunk, time) = try reader.read(count: size)
                if chunk.count < size { break }
                _ = try reader.next()   // the CRLF after the chunk
                pending += chunk
                while let newline = pending.firstIndex(of: 10) {
                    deliver(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self).trimmingCharacters(in: ["\r"]), time)
                    pending = Data(pending[pending.index(after: newline)...])
                }
            }
            if !pending.isEmpty { deliver(String(decoding: pending, as: UTF8.self), monotonicSeconds()) }
            if !ended { throw Failure(description: "\(url): the stream was cut: the connection closed before the reply's last chunk") }
        } else {
            while let (text, time) = try reader.next() { deliver(text, time) }
        }
        return status
    }

    private static func connect(host: String, port: Int, timeout: Double) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else {
            throw Failure(description: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(result) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        var lastError = "no address"
        while let address = entry {
            let descriptor = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            if descriptor >= 0 {
                let flags = fcntl(descriptor, F_GETFL)
                _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
                var result = Glibc.connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen)
                if result != 0 && errno == EINPROGRESS {
                    var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    if poll(&ready, 1, Int32(min(timeout, 86_400) * 1000)) == 1 {
                        var code: Int32 = 0
                        var size = socklen_t(MemoryLayout<Int32>.size)
                        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &size)
                        errno = code
                        result = code == 0 ? 0 : -1
                    } else {
                        errno = ETIMEDOUT
                    }
                }
                if result == 0 {
                    _ = fcntl(descriptor, F_SETFL, flags)
                    return descriptor
                }
                lastError = errno == ETIMEDOUT ? "no connection within \(timeout) s (--connect-timeout)" : String(cString: strerror(errno))
                close(descriptor)
            }
            entry = address.pointee.ai_next
        }
        throw Failure(description: "cannot connect to \(host):\(port): \(lastError); is the server running?")
    }

    private static func sendAll(_ descriptor: Int32, _ data: Data) throws {
        var offset = 0
        while offset < data.count {
            let sent = data.withUnsafeBytes { send(descriptor, $0.baseAddress! + offset, data.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { throw Failure(description: "sending the request failed: \(String(cString: strerror(errno)))") }
            offset += sent
        }
    }
}


/// Buffered reads from a socket: lines (CRLF or LF) and exact byte counts, each stamped with
/// the time its last byte arrived.
struct LineReader {
    let descriptor: Int32
    private var buffer = Data()
    private var arrived = 0.0
    private var closed = false
    /// When reading gives up (monotonic seconds), and what it says then.
    var deadline = Double.infinity
    var expiry = "timed out"

    init(descriptor: Int32) { self.descriptor = descriptor }

    private mutating func fill() throws -> Bool {
        if closed { return false }
        var ready: Int32 = 0
        repeat {
            let remaining = deadline - monotonicSeconds()
            if remaining <= 0 { throw HTTPStream.Failure(description: expiry) }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            ready = poll(&entry, 1, Int32(min(remaining, 3600) * 1000) + 1)
            if ready < 0 && errno != EINTR { throw HTTPStream.Failure(description: "waiting for the response failed: \(String(cString: strerror(errno)))") }
        } while ready <= 0
        var chunk = [UInt8](repeating: 0, count: 16384)
        let count = recv(descriptor, &chunk, chunk.count, 0)
        if count < 0 { throw HTTPStream.Failure(description: "reading the response failed: \(String(cString: strerror(errno)))") }
        if count == 0 { closed = true; return false }
        buffer.append(contentsOf: chunk[0..<count])
        arrived = monotonicSeconds()
        return true
    }

    mutating func next() throws -> (text: String, time: Double)? {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[buffer.index(after: newline)...])
                var text = String(decoding: line, as: UTF8.self)
                if text.hasSuffix("\r") { text.removeLast() }
                return (text, arrived)
            }
            if try !fill() {
                guard !buffer.isEmpty else { return nil }
                defer { buffer = Data() }
                return (String(decoding: buffer, as: UTF8.self), arrived)
            }
        }
    }

    mutating func read(count: Int) throws -> (Data, Double) {
        while buffer.count < count { if try !fill() { break } }
        let take = min(count, buffer.count)
        let data = Data(buffer.prefix(take))
        buffer = Data(buffer.dropFirst(take))
        return (data, arrived)
    }
}
