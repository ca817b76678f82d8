import CLinux

#if canImport(Glibc)
    import Glibc
#endif

/// Process-wide signal and limit set-up for a server.
public enum ProcessSetup {
    /// Blocks SIGTERM/SIGINT/SIGHUP in this thread and every thread started after it, so that one
    /// thread can `waitForTerminationSignal()`; ignores SIGPIPE (writes use MSG_NOSIGNAL anyway).
    public static func blockTerminationSignals() {
        _ = clinux_block_signals()
        signal(SIGPIPE, SIG_IGN)
    }

    /// Waits for SIGTERM, SIGINT or SIGHUP and returns its number.
    public static func waitForTerminationSignal() -> Int32 {
        clinux_wait_signal()
    }

    /// Raises the soft open-file limit to the hard limit (10,000 idle connections need it).
    @discardableResult
    public static func raiseOpenFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(limit.rlim_cur)
    }
}
