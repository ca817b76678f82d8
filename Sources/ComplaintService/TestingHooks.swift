@_spi(Testing) import EventStore

extension Service {
    /// Makes the event log's next write fail with `errno` (a full disk mid-write), for tests of
    /// what clients see: 503 for writes, reads served on.
    @_spi(Testing)
    public func injectStoreWriteFailure(errno: Int32) {
        parts.withLock { $0?.store.injectWriteFailure(errno: errno) }
    }

    /// Makes every event log write (and every probe) fail with `errno` until called with nil:
    /// a disk that stays full until room is made.
    @_spi(Testing)
    public func injectPersistentStoreWriteFailure(errno: Int32?) {
        parts.withLock { $0?.store.injectPersistentWriteFailure(errno: errno) }
    }

    /// Makes the truncate that puts the log back after the next failed write fail with `errno`.
    @_spi(Testing)
    public func injectStoreTruncateFailure(errno: Int32) {
        parts.withLock { $0?.store.injectTruncateFailure(errno: errno) }
    }
}
