#if canImport(Glibc)
import Glibc
#endif

extension Daemon {
    /// The service on the calling thread alone, until SIGTERM or SIGINT; returns the exit
    /// status. Between ticks the thread waits in one `sigtimedwait` for the next tick's time or
    /// a signal (SIGHUP reloads), so an idle tick costs no wake-up of any other thread.
    ///
    /// SIGTERM, SIGINT, SIGQUIT and SIGHUP (and the signals it ignores) are blocked on this thread first and every thread it starts
    /// inherits that, so call it before any other thread runs (`mi50fand` calls it from its
    /// top level, with no concurrency runtime started). Ticks follow the real monotonic clock.
    public func runOnThisThread() -> ExitStatus {
        var signals = sigset_t()
        sigemptyset(&signals)
        // SIGQUIT stops like SIGTERM; SIGUSR1, SIGUSR2, SIGALRM and SIGPIPE, whose default is
        // to end the process with the fans left where they are, are taken and ignored.
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE] { sigaddset(&signals, signal) }
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        if let refusal = begin() { return refusal }
        defer { lock = nil }
        var next = clock.monotonic()
        while true {
            let now = clock.monotonic()
            if now >= next {
                _ = handle(.tick)
                next += interval.seconds
                let after = clock.monotonic()
                if next < after { next = after + interval.seconds }
            }
            let wait = max(0, next - clock.monotonic())
            var timeout = timespec(tv_sec: Int(wait), tv_nsec: Int((wait - wait.rounded(.down)) * 1e9))
            switch sigtimedwait(&signals, nil, &timeout) {
            case SIGHUP: _ = handle(.reload)
            case SIGTERM: return handle(.stop("SIGTERM")) ?? .ok
            case SIGINT: return handle(.stop("SIGINT")) ?? .ok
            case SIGQUIT: return handle(.stop("SIGQUIT")) ?? .ok
            default: continue   // the tick's time (EAGAIN), an interruption (EINTR) or an ignored signal
            }
        }
    }
}
