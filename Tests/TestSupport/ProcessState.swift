import Foundation

/// What /proc says of a process, for tests that check a group was stopped.
public enum ProcessState {
    /// Whether `pid` is gone, a zombie, or has SIGTERM pending (it dies as soon as it runs): a
    /// process stopped by a signal may not have run yet, and nobody may reap it soon.
    public static func terminated(_ pid: pid_t) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return true }
        let fields = Dictionary(status.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: ":", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces)) : nil
        }, uniquingKeysWith: { a, _ in a })
        if fields["State"]?.hasPrefix("Z") == true || fields["State"]?.hasPrefix("X") == true { return true }
        let pending = [fields["ShdPnd"], fields["SigPnd"]].compactMap { $0.flatMap { UInt64($0, radix: 16) } }
        return pending.contains { $0 & (1 << UInt64(SIGTERM - 1)) != 0 }
    }
}
