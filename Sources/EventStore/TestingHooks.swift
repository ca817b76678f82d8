// Fault injection for tests: ENOSPC and EIO are hard to produce on a real disk.

extension EventStore {
    /// Makes the next log write fail with `errno` after writing half its bytes (a disk filling mid-write).
    @_spi(Testing)
    public func injectWriteFailure(errno: Int32) {
        writer.shared.withLock { $0.injectedWriteErrno = errno }
    }
}
