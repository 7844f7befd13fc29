#if canImport(Glibc)
import Glibc
#endif

/// Speaks systemd's notify protocol directly: one datagram per message to `NOTIFY_SOCKET`
/// (a path, or `@name` for an abstract socket). No libsystemd needed. Does nothing when the
/// process was not started by systemd with `Type=notify`.
public struct SystemdNotifier: Sendable {
    /// The socket address, or nil when not under systemd.
    public let socketPath: String?
    /// Half the watchdog timeout, when systemd asks for watchdog pings for this process.
    public let watchdogInterval: Duration?

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from `environment`.
    public init(environment: [String: String]) {
        let path = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        socketPath = path
        if let usec = environment["WATCHDOG_USEC"].flatMap(Int.init), usec > 0,
           environment["WATCHDOG_PID"].flatMap(Int32.init).map({ $0 == getpid() }) ?? true {
            watchdogInterval = .microseconds(usec / 2)
        } else {
            watchdogInterval = nil
        }
    }

    /// Whether there is anyone to tell.
    public var isActive: Bool { socketPath != nil }

    /// Sends `READY=1` (and a status line).
    public func ready(status: String) { send("READY=1\nSTATUS=\(status)") }
    /// Sends a status line (`systemctl status` shows it).
    public func status(_ text: String) { send("STATUS=\(text)") }
    /// Pings the watchdog.
    public func watchdog() { send("WATCHDOG=1") }
    /// Says the service is reloading its config.
    public func reloading(status: String) { send("RELOADING=1\nSTATUS=\(status)") }
    /// Says the reload is done.
    public func reloaded(status: String) { send("READY=1\nSTATUS=\(status)") }
    /// Says the service is stopping.
    public func stopping() { send("STOPPING=1\nSTATUS=stopping: giving the fans back") }

    /// Sends one message; errors are ignored (systemd may be gone while stopping).
    @discardableResult
    public func send(_ message: String) -> Bool {
        guard let socketPath else { return false }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        let abstract = pathBytes.first == UInt8(ascii: "@")
        if abstract { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in pathBytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + (abstract ? 0 : 1))
        let bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bytes.withUnsafeBytes { sendto(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), socketAddress, length) }
            }
        }
        return sent == bytes.count
    }
}
