import Logging

#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler writing one line per message to standard error: with journald's
/// `<N>` priority prefixes when running under systemd (so `journalctl -p warning` works), with
/// a time and level otherwise.
public struct LogOutput: LogHandler {
    /// Whether to write journald priority prefixes.
    public let journald: Bool
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]

    /// Creates a handler; `journald` when the process runs under systemd.
    public init(journald: Bool, level: Logger.Level) {
        self.journald = journald
        self.logLevel = level
    }

    /// Whether standard error goes to the journal (systemd sets `JOURNAL_STREAM`).
    public static func underSystemd(_ environment: [String: String]) -> Bool {
        environment["JOURNAL_STREAM"] != nil || environment["INVOCATION_ID"] != nil
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let line: String
        if journald {
            line = "<\(Self.priority(event.level))>\(event.message)\n"
        } else {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            var parts = tm()
            var seconds = now.tv_sec
            localtime_r(&seconds, &parts)
            let time = String(format2(Int(parts.tm_hour))) + ":" + format2(Int(parts.tm_min)) + ":" + format2(Int(parts.tm_sec))
            line = "\(time) \(event.level) \(event.message)\n"
        }
        let bytes = Array(line.utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    /// syslog priorities as journald reads them.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }
}

private func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
