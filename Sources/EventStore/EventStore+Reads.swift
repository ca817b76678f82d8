// Reading records back by position: one record, a stream's history by positions, or by
// following its `prev` links.

extension EventStore {
    /// Reads the record whose line starts at `offset` of `segment` (its length unknown).
    public func read(segment: UInt32, offset: UInt64) throws -> StoredRecord {
        try LogReader.read(layout: layout, segment: segment, offset: offset)
    }

    /// Reads one record back by position (for the audit trail: the caller keeps an index of positions).
    public func read(at position: RecordPosition) throws -> StoredRecord {
        try LogReader.read(layout: layout, at: position)
    }

    /// Reads a stream's records at `positions`, all or nothing: each must be a valid record of
    /// `stream`, in ascending sequence, and none of the stream's records may be known lost.
    public func readHistory(_ positions: [RecordPosition], stream: String) -> Result<[StoredRecord], HistoryGap> {
        HistoryReader(layout: layout, manifest: manifest.state, integrity: integrity).read(positions, stream: stream)
    }

    /// One stream's history, oldest first, read by following the `prev` links back from its newest
    /// record, whose line starts at `offset` of `segment`; a HistoryGap rather than a shorter list.
    /// `earlier` lists where the stream's records without links are (a log written before records
    /// carried `prev`), oldest first: the walk continues there when a link is missing.
    public func readChain(
        segment: UInt32, offset: UInt64, stream: String,
        earlier: [(segment: UInt32, offset: UInt64)] = []
    ) -> Result<[StoredRecord], HistoryGap> {
        HistoryReader(layout: layout, manifest: manifest.state, integrity: integrity)
            .chain(segment: segment, offset: offset, stream: stream, earlier: earlier)
    }
}
