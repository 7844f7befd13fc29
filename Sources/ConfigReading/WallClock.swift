import Glibc

/// The wall clock and random tokens, for records that outlive a process (a confirmation
/// window's deadline holds across a reboot), without Foundation.
public enum WallClock {
    /// Seconds since 1970, UTC.
    public static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// 128 random bits as 32 hex digits, from the system's generator.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
