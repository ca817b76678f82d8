// Fault injection for tests: ENOSPC and EIO are hard to produce on a real disk.

extension EventStore {
    /// Makes the next log write fail with `errno` after writing half its bytes (a disk filling mid-write).
    @_spi(Testing)
    public func injectWriteFailure(errno: Int32) {
        writer.shared.withLock { $0.faults.nextWrite = errno }
    }

    /// Makes every log write and every probe fail with `errno` (nil: the disk has room again).
    @_spi(Testing)
    public func injectPersistentWriteFailure(errno: Int32?) {
        writer.shared.withLock { $0.faults.everyWrite = errno }
    }

    /// Makes the truncate that puts the log back after the next failed write fail with `errno`.
    @_spi(Testing)
    public func injectTruncateFailure(errno: Int32) {
        writer.shared.withLock { $0.faults.nextTruncate = errno }
    }
}
