@_spi(Testing) import EventStore

extension Service {
    /// Makes the event log's next write fail with `errno` (a full disk mid-write), for tests of
    /// what clients see: 503 for writes, reads served on.
    @_spi(Testing)
    public func injectStoreWriteFailure(errno: Int32) {
        parts.withLock { $0?.store.injectWriteFailure(errno: errno) }
    }
}
