import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real llama.cpp server on the CPU with a tiny random-weights model
/// (`Tests/Support/llm/start-server.sh`), for as long as the value lives.
public final class LlamaServer: Sendable {
    /// Why the server is not there.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// The port it listens on (127.0.0.1).
    public let port = freePort()
    private let pid: Int32
    /// `http://127.0.0.1:PORT`.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Starts the server and returns once it listens; throws when it could not be installed or
    /// did not start, saying why.
    public init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/llm/start-server.sh").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [script, String(port)]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 77 {
            throw Unavailable(description: "the llama.cpp server could not be installed from PyPI into a virtual environment: \(errors.suffix(300))")
        }
        guard process.terminationStatus == 0, let pid = Int32(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Unavailable(description: "the llama.cpp server did not start: \(errors)")
        }
        self.pid = pid
    }

    deinit { kill(pid, SIGTERM) }
}

/// A free TCP port on the loopback interface.
public func freePort() -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}
