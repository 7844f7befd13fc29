import Foundation
import Hardware

/// A minimal HTTP/1.1 client for inference servers on this machine or the LAN: one POST,
/// the response body handed over line by line with the time each line arrived (monotonic
/// seconds), chunked or not. Plain HTTP only.
public enum HTTPStream {
    /// A request failure, with what to check.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        /// Creates a failure with its message.
        public init(description: String) { self.description = description }
    }

    /// Posts `body` as JSON to `url` and calls `line` for every line of the response body.
    /// Returns the HTTP status.
    public static func post(_ url: URL, body: Data, timeout: Double = 600, line: (String, Double) -> Void) throws -> Int {
        guard url.scheme == "http", let host = url.host else {
            throw Failure(description: "\(url): only http:// endpoints are supported (run the benchmark on the server's machine or its LAN)")
        }
        let port = url.port ?? 80
        let descriptor = try connect(host: host, port: port, timeout: timeout)
        defer { close(descriptor) }
        var path = url.path.isEmpty ? "/" : url.path
        if let query = url.query { path += "?" + query }
        let head = "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Type: application/json\r\nAccept: text/event-stream, application/x-ndjson, application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        try sendAll(descriptor, Data(head.utf8) + body)
        var reader = LineReader(descriptor: descriptor)
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
                    line(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self).trimmingCharacters(in: ["\r"]), time)
                    pending = Data(pending[pending.index(after: newline)...])
                }
            }
            if !pending.isEmpty { line(String(decoding: pending, as: UTF8.self), monotonicSeconds()) }
            if !ended { throw Failure(description: "\(url): the stream was cut: the connection closed before the reply's last chunk") }
        } else {
            while let (text, time) = try reader.next() { line(text, time) }
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
        while let address = entry {
            let descriptor = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            if descriptor >= 0 {
                var time = timeval(tv_sec: Int(timeout), tv_usec: 0)
                setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
                if Glibc.connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return descriptor }
                close(descriptor)
            }
            entry = address.pointee.ai_next
        }
        throw Failure(description: "cannot connect to \(host):\(port): \(String(cString: strerror(errno))); is the server running?")
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

    init(descriptor: Int32) { self.descriptor = descriptor }

    private mutating func fill() throws -> Bool {
        if closed { return false }
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
