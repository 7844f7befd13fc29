@testable import Bench
import Foundation
import Hardware
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A loopback listener whose accept queue is full: it never accepts, and one connection fills
/// a queue of length 0, so the kernel drops every later SYN and a connect waits for its timeout,
/// deterministically, with nothing on the network.
private final class FullListener {
    let listener: Int32, filler: Int32
    let port: Int

    init() throws {
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listening, $0, length) } }
        try #require(bound == 0 && listen(listening, 0) == 0)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listening, $0, &length) } }
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let connected = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) } }
        try #require(connected == 0, "the first connection fills the queue")
        listener = listening
        filler = client
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(filler)
        close(listener)
    }
}

@Test("a server that never completes the TCP handshake fails the request after the connect timeout, and says which option sets it")
func connectTimeout() throws {
    let server = try FullListener()
    let url = try #require(URL(string: "http://127.0.0.1:\(server.port)/v1/chat/completions"))
    let timeouts = RequestTimeouts(connect: 0.3, firstToken: 60, total: 120)
    let started = monotonicSeconds()
    #expect {
        _ = try HTTPStream.post(url, body: Data("{}".utf8), timeouts: timeouts, line: { _, _ in })
    } throws: { error in
        "\(error)".contains("cannot connect to 127.0.0.1:\(server.port): no connection within 0.3 s (--connect-timeout)")
    }
    let elapsed = monotonicSeconds() - started
    #expect(elapsed >= 0.3 && elapsed < 30, "the connect timeout ended it, not the first-token or total one (\(elapsed) s)")
    // The metadata questions before a run honour it too.
    let probed = ServerMetadata.probe(api: .llamacpp, endpoint: try #require(URL(string: "http://127.0.0.1:\(server.port)")), model: "m",
                                      seconds: 60, connect: 0.3)
    #expect(probed.notes.count == 2 && probed.notes.allSatisfy { $0.contains("no connection within 0.3 s") }, "\(probed.notes)")
}
